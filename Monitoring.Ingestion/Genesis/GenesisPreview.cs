using Monitoring.Core.Observations;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Genesis;

/// <summary>
/// What the workspace shows of a GENESIS export before it is imported: its format and the first observations exactly as
/// the import reads them (area, period, variable, breakdown, value with its official symbol), with the first rejected
/// places. Reads only as far as the preview needs.
/// </summary>
public sealed record GenesisPreview(GenesisFormat Format, string FileName, IReadOnlyList<GenesisPreview.Row> Rows, IReadOnlyList<SourceRejection> Rejections, bool MoreRows)
{
    public const int MaxRows = 20;

    /// <summary>One observation as it will be stored.</summary>
    public sealed record Row(long Line, string AreaKey, string AreaLabel, string Period, string Variable, string Breakdown, string Value);

    /// <summary>
    /// The preview of <paramref name="path"/> if it is a GENESIS export (a ZIP from the REST interface, a flat file, a table
    /// CSV whose first line is "Tabelle:" or "GENESIS-Tabelle:"); null for any other file, which is an analyst's own.
    /// </summary>
    public static async Task<GenesisPreview?> TryReadAsync(string path, string fileName, CancellationToken cancellationToken)
    {
        using var file = await ReceivedFile.OpenAsync(path, fileName, "auto", unpackZip: true, cancellationToken);
        if (!IsGenesisExport(file)) return null;
        var format = GenesisExport.Detect(file);
        var rows = new List<Row>();
        var rejections = new List<SourceRejection>();
        var more = false;
        foreach (var record in GenesisExport.Read(file, new SourceSettings()))
        {
            if (rows.Count == MaxRows)
            {
                more = true;
                break;
            }
            switch (record)
            {
                case SourceRejection rejection when rejections.Count < MaxRows:
                    rejections.Add(rejection);
                    break;
                case SourceObservation o:
                    rows.Add(new Row(o.Line, o.AreaCode, o.AreaLabel, PeriodLabel(o.Period), $"{o.VariableLabel} ({o.VariableCode})" + (o.Unit is null ? "" : $", {o.Unit}"),
                        o.Dimensions.Count == 0 ? "insgesamt" : string.Join(", ", o.Dimensions.Select(d => d.Label)),
                        OfficialFormat.Format((double?)o.Value.Value, o.Value.Flags, o.Value.Value is { } v ? Math.Min((int)v.Scale, 3) : 0)));
                    break;
            }
        }
        return new GenesisPreview(format, file.Name, rows, rejections, more);
    }

    /// <summary>A year as it is; a reference date (ISO) in German notation.</summary>
    static string PeriodLabel(string period) =>
        DateOnly.TryParseExact(period, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date.ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture)
            : period;

    /// <summary>Whether the file is a GENESIS export by its content: unpacked from a ZIP, or with a GENESIS header or title line.</summary>
    public static bool IsGenesisExport(ReceivedFile file)
    {
        if (file.Name.Contains('!', StringComparison.Ordinal)) return true;
        using var text = file.OpenText();
        var buffer = new char[4096];
        var first = new string(buffer, 0, text.ReadBlock(buffer, 0, buffer.Length)).TrimStart('\uFEFF', '\r', '\n', ' ', '"');
        return first.StartsWith("Tabelle:", StringComparison.OrdinalIgnoreCase) || first.StartsWith("GENESIS-Tabelle:", StringComparison.OrdinalIgnoreCase)
            || GenesisExport.Detect(new StringReader(first)) == GenesisFormat.FlatFile;
    }
}
