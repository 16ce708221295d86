using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;
using nietras.SeparatedValues;

namespace Monitoring.Ingestion.Tabular;

/// <summary>
/// What the workspace shows of an analyst's CSV before the column mapping: the header and the first rows, at most
/// <see cref="MaxRows"/> rows of <see cref="MaxColumns"/> columns, each cell cut to <see cref="MaxCellLength"/>
/// characters. The whole file is read through the importer's own checks first (<see cref="CheckedTextReader"/>: 16,384
/// columns, the row length, the encoding), so a file the import would refuse is refused here with the same message,
/// before anything is shown. Measured before: a 10 MB single-line file became a 959 MB page and a 4.75 GB process.
/// </summary>
public sealed record TabularPreview(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows, int ColumnCount, bool MoreRows)
{
    public const int MaxRows = 20;
    public const int MaxColumns = 30;
    public const int MaxCellLength = 80;

    /// <summary>Whether the file has columns the preview leaves out.</summary>
    public bool MoreColumns => ColumnCount > Header.Count;

    /// <summary>Reads the preview of <paramref name="path"/> as an import with the source setting <paramref name="encoding"/> would read it.</summary>
    public static async Task<TabularPreview> ReadAsync(string path, string fileName, string encoding, CancellationToken cancellationToken)
    {
        var chosen = await ReceivedFile.EncodingOfAsync(path, encoding, cancellationToken);
        using var text = new CheckedTextReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), chosen, fileName);
        return Read(text, fileName, cancellationToken);
    }

    /// <summary>The preview of a CSV whose first line is the header, delimiter detected as the import detects it.</summary>
    public static TabularPreview Read(TextReader text, string file, CancellationToken cancellationToken = default)
    {
        var checkedText = CheckedTextReader.Over(text, file, null);
        var header = checkedText.ReadBoundedLine();
        if (string.IsNullOrWhiteSpace(header)) throw new SourceFormatException(file, 1, 1, "die Datei ist leer: erwartet wird eine Kopfzeile mit den Spaltennamen");
        var delimiter = TabularReader.DetectDelimiter(header);
        checkedText.Delimiter = delimiter;
        var names = TabularReader.HeaderNames(header, delimiter);

        var rows = new List<IReadOnlyList<string>>(MaxRows);
        var more = false;
        using (var reader = Sep.New(delimiter).Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(checkedText, leaveOpen: true))
        {
            while (reader.MoveNext())
            {
                var row = reader.Current;
                if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty) continue; // blank line, skipped as the import skips it
                if (rows.Count == MaxRows)
                {
                    more = true;
                    break;
                }
                var cells = new string[Math.Min(row.ColCount, MaxColumns)];
                for (var i = 0; i < cells.Length; i++) cells[i] = Cut(row[i].Span);
                rows.Add(cells);
            }
            // The rest of the file goes through the same checks, unsplit: what the import would refuse is refused now.
            var rest = new char[1 << 16];
            while (checkedText.Read(rest) > 0) cancellationToken.ThrowIfCancellationRequested();
        }
        var shown = names.Take(MaxColumns).Select(n => Cut(n.AsSpan().Trim().TrimStart('\uFEFF'))).ToList();
        return new TabularPreview(shown, rows, names.Length, more);
    }

    static string Cut(ReadOnlySpan<char> cell) =>
        cell.Length <= MaxCellLength ? cell.ToString() : string.Concat(cell[..(MaxCellLength - 1)], "…");
}
