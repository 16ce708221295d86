using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Ingestion.Anomalies;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Ingestion.Anomalies;

public sealed class AnomalyTests : MigratedStore
{
    internal static readonly string[] Municipalities = ["05754004", "05754008", "05754012", "05754016", "05754020", "05754024", "05754028", "05754032"];

    /// <summary>A flat file of one variable for the given municipalities and years, values from <paramref name="value"/>.</summary>
    internal static string WriteFile(string folder, string name, IEnumerable<string> areas, IEnumerable<int> years, Func<string, int, double> value)
    {
        var text = new StringBuilder("Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;AUS001__Auslaender__Anzahl\n");
        foreach (var area in areas)
        foreach (var year in years)
        {
            text.Append(CultureInfo.InvariantCulture, $"12411;Bev;JAHR;Jahr;{year};GEMEIN;Gemeinden;{area};Gemeinde {area};{Math.Round(value(area, year)).ToString("N0", CultureInfo.GetCultureInfo("de-DE"))}\n");
        }
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, text.ToString());
        return path;
    }

    string File(string name, IEnumerable<string> areas, IEnumerable<int> years, Func<string, int, double> value) => WriteFile(Folder, name, areas, years, value);

    internal static double Steady(string area, int year) => 1000 * (1 + int.Parse(area[^2..], CultureInfo.InvariantCulture) / 100.0) * Math.Pow(1.02 + (year % 3) * 0.005, year - 2012);

    async Task<ImportReport> ImportAsync(string path)
    {
        var source = await Db.FindSourceAsync("Bevölkerung") ?? await Db.CreateSourceAsync(new DataSource { Name = "Bevölkerung", Kind = SourceKind.GenesisFlatFile });
        return await new Importer(Db, NullLogger<Importer>.Instance).ImportFileAsync(source, path);
    }

    [Fact]
    public async Task A_jump_far_outside_the_series_history_is_flagged_and_the_run_still_succeeds()
    {
        await ImportAsync(File("history.csv", Municipalities, Enumerable.Range(2012, 12), Steady));

        var report = await ImportAsync(File("2024.csv", ["05754024"], [2024], (a, y) => Steady(a, 2023) * 1.6));

        Assert.Equal(ImportStatus.Succeeded, report.Status);
        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal("History", anomaly.Kind);
        Assert.Contains("Auslaender, Langenberg, 2024: Veränderung +60,0 %", anomaly.Message, StringComparison.Ordinal);
        await using var connection = await Db.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM anomalies WHERE import_run_id = @Id", new { Id = report.RunId }));
    }

    [Fact]
    public async Task A_change_far_from_the_peers_in_the_same_period_is_flagged()
    {
        // Two years only: no history to judge by, but seven peers that all grew by about 2 %.
        var report = await ImportAsync(File("peers.csv", Municipalities, [2022, 2023], (a, y) => y == 2022 ? 1000 : a == "05754016" ? 1450 : 1020 + int.Parse(a[^2..], CultureInfo.InvariantCulture) / 10.0));

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal("Peers", anomaly.Kind);
        Assert.Contains("Auslaender, Harsewinkel, 2023: Veränderung +45,0 %", anomaly.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ordinary_series_raise_no_flags()
    {
        var report = await ImportAsync(File("steady.csv", Municipalities, Enumerable.Range(2012, 13), Steady));

        Assert.Equal((ImportStatus.Succeeded, 0L), (report.Status, report.AnomalyCount));
    }

    [Fact]
    public async Task The_check_reads_only_the_series_the_run_touched_and_the_peers_values_in_its_periods()
    {
        await ImportAsync(File("history.csv", Municipalities, Enumerable.Range(2012, 12), Steady));

        // One corrected value: its series (12 years) is read, and the 7 other municipalities' values of 2023 only.
        var report = await ImportAsync(File("korrektur.csv", ["05754024"], [2023], (a, y) => Steady(a, y) + 7));
        var check = await AnomalyCheck.CheckAsync(Db, report.RunId);

        Assert.Equal((ImportStatus.Succeeded, 1L), (report.Status, report.Updated));
        Assert.Equal((1L, 12L, 7L), (check.Series, check.SeriesRows, check.PeerRows));
        Assert.Empty(check.Anomalies);
        // The same flags as the check during the run, stored once.
        await using var connection = await Db.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM anomalies WHERE import_run_id = @Id", new { Id = report.RunId }));
    }

    [Fact]
    public async Task A_change_far_from_peers_the_run_did_not_touch_is_flagged_as_when_they_came_in_the_same_file()
    {
        // The seven peers first, in a run of their own; then only the outlier: its peers are read from the store.
        static double Value(string area, int year) => year == 2022 ? 1000 : area == "05754016" ? 1450 : 1020 + int.Parse(area[^2..], CultureInfo.InvariantCulture) / 10.0;
        await ImportAsync(File("peers.csv", Municipalities.Where(m => m != "05754016"), [2022, 2023], Value));

        var report = await ImportAsync(File("harsewinkel.csv", ["05754016"], [2022, 2023], Value));
        var check = await AnomalyCheck.CheckAsync(Db, report.RunId);

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal("Peers", anomaly.Kind);
        Assert.Contains("Auslaender, Harsewinkel, 2023: Veränderung +45,0 %", anomaly.Message, StringComparison.Ordinal);
        Assert.Equal((1L, 2L, 7L), (check.Series, check.SeriesRows, check.PeerRows));
        Assert.Equal(anomaly.Message, Assert.Single(check.Anomalies).Message);
    }
}
