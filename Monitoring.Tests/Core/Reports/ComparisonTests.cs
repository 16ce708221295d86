using Monitoring.Publishing.Reports;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Core.Reports;

namespace Monitoring.Tests.Core.Reports;

public sealed class ComparisonTests
{
    static readonly IndicatorCatalog Catalog = IndicatorCatalog.Shipped();

    static ReportSection Section(string code, params (int Year, double Value)[] values) => new()
    {
        Indicator = Catalog.Indicators.Single(i => i.Code == code),
        Values = values.Select(v => new ReportPoint("05754", v.Year, v.Value, QualityFlags.None, OfficialFormat.Format(v.Value, QualityFlags.None, 1))).ToList(),
    };

    static ReportTarget Target(int id, ProgressStatus status) => new()
    {
        Id = id, Field = "Ausbildung und Arbeit", GuidingGoal = "Teilhabe", Goal = "Quote erhöhen", IndicatorCode = "BESCH_Q_AUS", Indicator = "Beschäftigungsquote Ausländer",
        AreaKey = "05754", Area = "Kreis Gütersloh", Unit = "%", Decimals = 1, BaselineYear = 2015, TargetYear = 2030, TargetValue = 60, Status = status, Reason = "",
    };

    static ReportDocument Document(ReportSection[] sections, ReportTarget[] targets) => new()
    {
        Title = "Bericht", Template = ReportTemplates.Integrationsbericht, Areas = [new ReportArea("05754", "Kreis Gütersloh", "Kreis")], Sections = sections, Targets = targets,
    };

    [Fact]
    public void The_comparison_names_revised_values_new_years_status_changes_and_indicators_and_targets_added_or_removed()
    {
        var previous = Document(
            [Section("AUS_ANT", (2022, 15.8), (2023, 16.1)), Section("EINB_RATE", (2023, 1.2))],
            [Target(1, ProgressStatus.OnTrack), Target(2, ProgressStatus.SlightDeviation)]);
        var current = Document(
            [Section("AUS_ANT", (2022, 15.8), (2023, 16.2), (2024, 16.4)), Section("SGB2_Q_AUS", (2024, 21.4))],
            [Target(1, ProgressStatus.SlightDeviation), Target(3, ProgressStatus.Achieved)]);

        var changes = ReportComparison.Compare(previous, current);

        Assert.Equal(
        [
            new ReportChange(ChangeKind.Revised, "Ausländeranteil", "Kreis Gütersloh", 2023, "16,1", "16,2"),
            new ReportChange(ChangeKind.NewYear, "Ausländeranteil", "Kreis Gütersloh", 2024, null, "16,4"),
            new ReportChange(ChangeKind.IndicatorAdded, Catalog.Indicators.Single(i => i.Code == "SGB2_Q_AUS").NameDe, null, null, null, null),
            new ReportChange(ChangeKind.IndicatorRemoved, Catalog.Indicators.Single(i => i.Code == "EINB_RATE").NameDe, null, null, null, null),
            new ReportChange(ChangeKind.StatusChanged, "Beschäftigungsquote Ausländer", "Kreis Gütersloh", 2030, "auf Kurs", "leichte Abweichung"),
            new ReportChange(ChangeKind.TargetAdded, "Beschäftigungsquote Ausländer", "Kreis Gütersloh", 2030, null, "Ziel erreicht"),
            new ReportChange(ChangeKind.TargetRemoved, "Beschäftigungsquote Ausländer", "Kreis Gütersloh", 2030, "leichte Abweichung", null),
        ], changes);
        Assert.Empty(ReportComparison.Compare(current, current));
    }

    [Fact]
    public void A_formula_reads_in_words_with_variable_labels_groups_and_the_previous_year()
    {
        var labels = Catalog.Variables.ToDictionary(v => v.Code, v => v.Label);

        Assert.Equal("Bevölkerungsstand [NAT=NATA], geteilt durch Bevölkerungsstand, mal 100",
            ReportLayout.InWords(Catalog.Indicators.Single(i => i.Code == "AUS_ANT"), labels));
        Assert.Equal("Bevölkerungsstand [NAT=NATA] minus (Bevölkerungsstand [NAT=NATA] im Vorjahr), geteilt durch (Bevölkerungsstand [NAT=NATA] im Vorjahr), mal 100",
            ReportLayout.InWords(Catalog.Indicators.Single(i => i.Code == "AUS_VERAEND"), labels));
    }
}
