using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Monitoring.Ingestion.Imports;

/// <summary>
/// The drop folders of the installation: all below one root the operator configures (<c>Imports:DropFolderRoot</c>,
/// default <c>data/drop</c> beside the database), each source naming a sub-folder of it. A path that leaves the root
/// (absolute, <c>..</c>, or through a link) is refused, when a source is saved and again each time it runs.
/// </summary>
public sealed class DropFolders(IConfiguration configuration, IHostEnvironment environment)
{
    public const string Setting = "Imports:DropFolderRoot";

    /// <summary>The root, as a full path.</summary>
    public string Root => Path.GetFullPath(ImportOptions.From(configuration).DropFolderRoot, environment.ContentRootPath);

    /// <summary>The sub-folder's full path, or a German problem.</summary>
    public (string? Path, string? Problem) Resolve(string? subFolder)
    {
        if (string.IsNullOrWhiteSpace(subFolder)) return (null, "Bitte den Unterordner für die Ablage angeben.");
        var name = subFolder.Trim();
        var segments = name.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (Path.IsPathRooted(name) || name[0] is '/' or '\\' || name.Contains(':', StringComparison.Ordinal) || segments.Length == 0 || segments.Any(s => s is "." or ".."))
        {
            return (null, $"Der Ablageordner „{name}“ muss ein Unterordner des konfigurierten Ablageverzeichnisses ({Setting}) sein: ein relativer Name wie „regionalstatistik“, ohne „..“ und ohne Laufwerk oder führenden Schrägstrich.");
        }
        var root = Root;
        var path = Path.GetFullPath(Path.Combine([root, .. segments]));
        if (!path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return (null, $"Der Ablageordner „{name}“ liegt außerhalb von {Setting}.");
        }
        // A link below the root could lead anywhere: none is followed.
        var current = root;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            if (!Directory.Exists(current) && !File.Exists(current)) break;
            if (new DirectoryInfo(current).LinkTarget is not null)
            {
                return (null, $"Der Ablageordner „{name}“ führt über eine Verknüpfung ({current}); Verknüpfungen unter {Setting} werden nicht verfolgt.");
            }
        }
        return (path, null);
    }
}
