using Monitoring.Core.Observations;

namespace Monitoring.Ingestion.Imports;

/// <summary>One classification value of an observation: GENESIS Merkmal and Auspraegung, with their labels.</summary>
public readonly record struct DimensionValue(string Dimension, string DimensionLabel, string Code, string Label);

/// <summary>What an adapter reads from one place in a file: an observation, or the reason it could not be read.</summary>
public abstract record SourceRecord(long Line);

/// <summary>A figure for one variable, area, period and combination of dimension values.</summary>
public sealed record SourceObservation(
    long Line,
    int Column,
    int AreaColumn,
    string AreaCode,
    string AreaLabel,
    string Period,
    int Year,
    string VariableCode,
    string VariableLabel,
    string? Unit,
    string? Statistic,
    IReadOnlyList<DimensionValue> Dimensions,
    OfficialValue Value) : SourceRecord(Line);

/// <summary>A place in the file that could not be read: line and column (1-based) and what was expected.</summary>
public sealed record SourceRejection(long Line, int Column, string Reason) : SourceRecord(Line);

/// <summary>A defect that makes the whole file unreadable (wrong header, wrong delimiter, empty file).</summary>
public sealed class SourceFormatException(string file, long line, int column, string message)
    : Exception($"{file}, Zeile {line}, Spalte {column}: {message}")
{
    public string File { get; } = file;

    public long Line { get; } = line;

    public int Column { get; } = column;
}
