namespace Monitoring.Ingestion.Imports;

public enum ImportStatus
{
    Running,
    Succeeded,
    Unchanged,
    Failed,
}

/// <summary>
/// A run's status as users read it, in German: the one place for these words, for the command line and the
/// dashboard alike. The run log and the API keep the names of <see cref="ImportStatus"/>.
/// </summary>
public static class ImportStatusText
{
    /// <summary>The German label of <paramref name="status"/>.</summary>
    public static string German(ImportStatus status) => status switch
    {
        ImportStatus.Running => "läuft",
        ImportStatus.Succeeded => "erfolgreich",
        ImportStatus.Unchanged => "unverändert (Datei schon eingelesen)",
        ImportStatus.Failed => "fehlgeschlagen (nichts übernommen)",
        _ => status.ToString(),
    };

    /// <summary>The German label of a status as the run log stores it (the name of an <see cref="ImportStatus"/>); one this version does not know, as stored.</summary>
    public static string German(string? status) =>
        Enum.TryParse<ImportStatus>(status, ignoreCase: false, out var known) && status == known.ToString() ? German(known) : status ?? "";
}

/// <summary>One rejected place in a file, as the analyst needs it to fix the file.</summary>
public sealed record RejectedRow(string File, long Line, int Column, string Reason);

/// <summary>An area key the registry does not know, with how many rows carried it.</summary>
public sealed record UnknownArea(string Key, string Label, long Rows);

/// <summary>What one import run did, stored with the run and shown to the analyst.</summary>
public sealed record ImportReport
{
    /// <summary>How many rejected rows and unknown areas are listed in detail; the counts include all of them.</summary>
    public const int DetailLimit = 100;

    public long RunId { get; init; }

    public required string Source { get; init; }

    public ImportStatus Status { get; init; }

    public required string FileName { get; init; }

    public required string FileHash { get; init; }

    public string? Encoding { get; init; }

    public long RowsRead { get; init; }

    public long Inserted { get; init; }

    public long Updated { get; init; }

    public long Unchanged { get; init; }

    public long Rejected { get; init; }

    public long UnknownAreaRows { get; init; }

    public IReadOnlyList<RejectedRow> RejectedRows { get; init; } = [];

    public IReadOnlyList<UnknownArea> UnknownAreas { get; init; } = [];

    /// <summary>Implausible values the run wrote (first <see cref="DetailLimit"/>); they inform and never block.</summary>
    public IReadOnlyList<Anomalies.Anomaly> Anomalies { get; init; } = [];

    public long AnomalyCount { get; init; }

    /// <summary>Values marked as small counts (below the source's minimum, or kept secret beside one), shown as <c>.</c> to all but Analysts.</summary>
    public long SmallCounts { get; init; }

    /// <summary>Indicator values recomputed after the run (the indicators whose variables it changed).</summary>
    public long IndicatorValues { get; init; }

    /// <summary>The indicators recomputed after the run.</summary>
    public IReadOnlyList<string> IndicatorsRecomputed { get; init; } = [];

    public string? Error { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Seconds spent per phase (hash, read and stage, index, merge, commit), for operators tuning large imports.</summary>
    public IReadOnlyDictionary<string, double> Phases { get; init; } = new Dictionary<string, double>();
}
