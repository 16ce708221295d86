using System.Globalization;
using System.Text;

namespace Monitoring.Tests.Reliability;

/// <summary>A large GENESIS flat file of one variable (TEST) for the 17 reference areas, for tests that need an import to take a while.</summary>
static class BulkFile
{
    static readonly string[] Areas = ["05", "057", "05754", "05754004", "05754008", "05754012", "05754016", "05754020", "05754024", "05754028", "05754032",
        "05754036", "05754040", "05754044", "05754048", "05754052", "DG"];

    /// <summary>17 areas × <paramref name="years"/> years (from 1900) × <paramref name="groups"/> groups of one dimension.</summary>
    public static async Task<(string Path, int Rows)> WriteAsync(string directory, int years, int groups)
    {
        var path = Path.Combine(directory, "bulk_flat.csv");
        var rows = 0;
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync("Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;TEST__Testmerkmal__Anzahl");
        foreach (var area in Areas)
        for (var year = 1900; year < 1900 + years; year++)
        for (var group = 0; group < groups; group++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"99999;Last;JAHR;Jahr;{year};GEMEIN;Gemeinden;{area};Gebiet;GRP;Gruppe;G{group:D3};Gruppe {group};{(year * 7 + group) % 10_000}"));
            rows++;
        }
        return (path, rows);
    }
}
