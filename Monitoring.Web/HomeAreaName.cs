using System.Data.Common;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;

namespace Monitoring.Web;

/// <summary>
/// What every page's frame says about the installation's home area (<see cref="HomeArea"/>): its name in the brand, and
/// that the demo data, which are always Kreis Gütersloh's, describe another area than the one the installation serves.
/// </summary>
public static class HomeAreaName
{
    /// <summary>The home area's name as people use it ("Kreis Unna", "Köln"), from the stored areas.</summary>
    public static async Task<string> OfAsync(Database database, HomeArea home, CancellationToken cancellationToken = default)
    {
        try
        {
            // The area list is cached (a one-row version check per call); the pages read it anyway.
            var (area, _) = home.Find(await database.ListCurrentAsync(cancellationToken));
            if (area is not null) return area.Name;
        }
        catch (DbException)
        {
            // The error page's frame asks too: an unreachable database is reported there, the brand still names the area.
        }
        return AreaDirectory.ReadShipped().FirstOrDefault(r => r.Key == home.Key)?.Name ?? home.Key;
    }

    /// <summary>
    /// The sentence the demo-data note adds where the home area is neither Kreis Gütersloh nor one of its Gemeinden (the
    /// demo data describe those); null there.
    /// </summary>
    public static string? DemoDataElsewhere(HomeArea home, string homeName) =>
        home.Key.StartsWith(ReferenceAreas.District, StringComparison.Ordinal) ? null
            : $"Die Beispieldaten beschreiben den Kreis Gütersloh, nicht {WithArticle(homeName)}.";

    /// <summary>"den Kreis Unna", "den Landkreis Harburg"; a city's or a Land's name without article ("Köln", "Bayern").</summary>
    static string WithArticle(string name) =>
        name.StartsWith("Kreis ", StringComparison.Ordinal) || name.StartsWith("Landkreis ", StringComparison.Ordinal) ? "den " + name : name;
}
