using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Goals;

public sealed class GoalStatusTests : MigratedStore
{
    /// <summary>Residents and foreign residents of Gütersloh, 2015–2023, the foreign share rising one point a year.</summary>
    async Task ImportPopulationAsync()
    {
        var csv = new StringBuilder("Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl\n");
        for (var year = 2015; year <= 2023; year++)
        {
            var foreign = 1000 * (10 + year - 2015);
            csv.Append(CultureInfo.InvariantCulture, $"12411;Bev;STAG;Stichtag;31.12.{year};GEMEIN;Gemeinden;05754008;Gütersloh;NAT;Staatsangehörigkeit;NATA;Ausländer;{foreign}\n");
            csv.Append(CultureInfo.InvariantCulture, $"12411;Bev;STAG;Stichtag;31.12.{year};GEMEIN;Gemeinden;05754008;Gütersloh;NAT;Staatsangehörigkeit;NATD;Deutsche;{100_000 - foreign}\n");
        }
        var path = Path.Combine(Folder, "bev.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
        var source = await Db.CreateSourceAsync(new DataSource { Name = "Bevölkerung", Kind = SourceKind.GenesisFlatFile });
        Assert.Equal(ImportStatus.Succeeded, (await new Importer(Db, NullLogger<Importer>.Instance).ImportFileAsync(source, path)).Status);
    }

    [Fact]
    public async Task A_target_is_assessed_from_the_stored_indicator_values_and_never_across_a_stored_break()
    {
        await ImportPopulationAsync();
        var guiding = await Db.CreateGoalAsync(null, "Vielfalt sichtbar machen", "Bevölkerung und Migration");
        var goal = await Db.CreateGoalAsync(guiding, "Ausländeranteil beobachten", "Bevölkerung und Migration");
        await Db.CreateTargetAsync(goal, "AUS_ANT", "05754008", new Target(2015, null, 2030, Direction.Up), "Kommunales Integrationszentrum");
        await Db.CreateTargetAsync(goal, "AUS_ANT", "05754008", new Target(2015, 15, 2030, Direction.Up), "Kommunales Integrationszentrum");

        var statuses = await Db.TargetStatusesAsync();

        Assert.Equal(2, statuses.Count);
        // The population series breaks in 2022 (Zensus 2022): only 2022 and 2023 count, too few for a trend.
        var directionOnly = statuses[0];
        Assert.Equal(ProgressStatus.InsufficientData, directionOnly.Assessment.Status);
        Assert.Contains("Zeitreihenbruch 2022", directionOnly.Assessment.Reason, StringComparison.Ordinal);
        // 18 % in 2023 already meets 15 %.
        Assert.Equal((ProgressStatus.Achieved, 18.0, 2023), (statuses[1].Assessment.Status, statuses[1].Assessment.Latest!.Value, statuses[1].Assessment.LatestYear));
        Assert.Equal(("Vielfalt sichtbar machen", "Ausländeranteil beobachten", "Gütersloh", "Ausländeranteil"),
            (statuses[1].Target.GuidingGoal, statuses[1].Target.Goal, statuses[1].Target.Area, statuses[1].Target.Indicator));
    }
}
