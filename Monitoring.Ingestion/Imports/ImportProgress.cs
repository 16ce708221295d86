namespace Monitoring.Ingestion.Imports;

/// <summary>How far a run has come: rows read, and the share of the file read where that is known (a CSV, not a workbook).</summary>
public sealed record ImportProgress(long RowsRead, double? Fraction);
