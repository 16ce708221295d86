using System.Text.Json;
using System.Text.Json.Serialization;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;

namespace Monitoring.Core.Reports;

/// <summary>
/// A report with every number it prints, frozen: the PDF, Word and HTML outputs are drawn from this alone, so a published
/// edition (stored as JSON) reads the same after any later import.
/// </summary>
public sealed record ReportDocument
{
    public required string Title { get; init; }
    public required string Template { get; init; }
    public DateOnly ReportingDate { get; init; }

    /// <summary>When the newest import run behind the report's numbers finished ("Stand der Daten").</summary>
    public DateTime? DataStatus { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>True when any number comes from the synthetic demo data: every output then says "Beispieldaten".</summary>
    public bool SampleData { get; init; }

    public IReadOnlyList<ReportArea> Areas { get; init; } = [];
    public string? Introduction { get; init; }
    public IReadOnlyList<ReportTarget> Targets { get; init; } = [];
    public IReadOnlyList<ReportSection> Sections { get; init; } = [];
    public IReadOnlyList<ReportSource> Sources { get; init; } = [];

    /// <summary>Variable code → label, for the formulas in words.</summary>
    public IReadOnlyDictionary<string, string> VariableLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Set when published: the edition, and what changed since the edition before it.</summary>
    public int? Edition { get; init; }
    public DateTime? PublishedAt { get; init; }
    public string? PublishedBy { get; init; }
    public IReadOnlyList<ReportChange> Changes { get; init; } = [];

    public static JsonSerializerOptions Json => StoredJson.Options;

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static ReportDocument Deserialize(string json) => JsonSerializer.Deserialize<ReportDocument>(json, Json)
        ?? throw new InvalidDataException("Eine gespeicherte Berichtsausgabe ist leer.");

    public string AreaName(string key) => Areas.FirstOrDefault(a => a.Key == key)?.Name ?? key;
}

public sealed record ReportArea(string Key, string Name, string Level);

/// <summary>One target with its status at publication, and the numbers behind it.</summary>
public sealed record ReportTarget
{
    public int Id { get; init; }
    public int GoalId { get; init; }
    public required string Field { get; init; }
    public required string GuidingGoal { get; init; }
    public required string Goal { get; init; }
    public required string IndicatorCode { get; init; }
    public required string Indicator { get; init; }
    public required string AreaKey { get; init; }
    public required string Area { get; init; }
    public required string Unit { get; init; }
    public int Decimals { get; init; }
    public int BaselineYear { get; init; }
    public double? BaselineValue { get; init; }
    public int? LatestYear { get; init; }
    public double? Latest { get; init; }
    public int TargetYear { get; init; }
    public double? TargetValue { get; init; }
    public Direction Direction { get; init; }
    public ProgressStatus Status { get; init; }
    public required string Reason { get; init; }
    public Projection? Projection { get; init; }
    public string? Department { get; init; }
}

/// <summary>One indicator: its definition as it stood, its values for the report's areas, the breaks and the commentary.</summary>
public sealed record ReportSection
{
    public required Indicator Indicator { get; init; }
    public IReadOnlyList<ReportPoint> Values { get; init; } = [];
    public IReadOnlyList<int> Breaks { get; init; } = [];
    public string? Commentary { get; init; }
}

/// <summary>A value as printed (<see cref="Display"/> in official notation) and the number behind it.</summary>
public sealed record ReportPoint(string AreaKey, int Year, double? Value, QualityFlags Flags, string Display);

public sealed record ReportSource(string Source, string? FileName, DateTime? FinishedAt);

public enum ChangeKind
{
    Revised,
    NewYear,
    StatusChanged,
    IndicatorAdded,
    IndicatorRemoved,
    TargetAdded,
    TargetRemoved,
}

/// <summary>One difference to the previous edition: a revised value, a new year, a changed status, an indicator or target added or removed.</summary>
public sealed record ReportChange(ChangeKind Kind, string Indicator, string? Area, int? Year, string? Before, string? After)
{
    [JsonIgnore]
    public string KindLabel => Kind switch
    {
        ChangeKind.Revised => "Wert revidiert",
        ChangeKind.NewYear => "neues Jahr",
        ChangeKind.StatusChanged => "Status geändert",
        ChangeKind.IndicatorAdded => "Indikator neu",
        ChangeKind.IndicatorRemoved => "Indikator entfallen",
        ChangeKind.TargetAdded => "Ziel neu",
        _ => "Ziel entfallen",
    };
}
