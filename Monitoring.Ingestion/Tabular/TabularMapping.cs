using Monitoring.Core.Observations;

namespace Monitoring.Ingestion.Tabular;

/// <summary>How the area column names its areas.</summary>
public enum AreaIdentifier
{
    /// <summary>Official keys (AGS as GENESIS writes them, e.g. 05754008).</summary>
    Key,

    /// <summary>Names, resolved through the area registry; an ambiguous name is an error that asks for the key.</summary>
    Name,
}

/// <summary>A column whose cells are the values of one dimension (e.g. "Staatsangehörigkeit" with "Syrien", "Türkei").</summary>
public sealed record DimensionColumn(string Column, string Dimension, string DimensionLabel);

/// <summary>A column whose cells are figures of one variable.</summary>
public sealed record ValueColumn(string Column, string Variable, string Label, string? Unit);

/// <summary>
/// The column mapping of an analyst's own CSV or XLSX file (Ausländerbehörde, Jobcenter, Schulamt, Bundesagentur
/// tables), saved with the source. Columns are named by their header text.
/// </summary>
public sealed record TabularMapping
{
    public required string AreaColumn { get; init; }

    public AreaIdentifier AreaBy { get; init; } = AreaIdentifier.Key;

    /// <summary>A year (2023) or a reference date (31.12.2023 or 2023-12-31).</summary>
    public required string PeriodColumn { get; init; }

    public IReadOnlyList<DimensionColumn> Dimensions { get; init; } = [];

    public required IReadOnlyList<ValueColumn> Values { get; init; }

    public NumberFormat NumberFormat { get; init; } = NumberFormat.German;

    /// <summary>CSV only: the delimiter; detected from the header line when null (';', ',' or tab).</summary>
    public char? Delimiter { get; init; }

    /// <summary>XLSX only: the sheet's name; the first sheet when null.</summary>
    public string? Sheet { get; init; }

    /// <summary>The line (1-based) holding the column names; lines above it (titles) are skipped.</summary>
    public int HeaderRow { get; init; } = 1;

    /// <summary>
    /// Area names of the file the analyst confirmed (name → official key), remembered for next year's file. An empty key
    /// marks a name that is none of the installation's areas: its rows are reported as unknown areas, never guessed.
    /// </summary>
    public IReadOnlyDictionary<string, string> AreaNames { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the data comes from, stored with each variable created.</summary>
    public string? SourceNote { get; init; }
}
