using ExcelDataReader;
using Monitoring.Core.Observations;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;
using nietras.SeparatedValues;

namespace Monitoring.Ingestion.Tabular;

/// <summary>
/// What the workspace shows of an analyst's CSV or workbook before the column mapping: the header and the first rows, at
/// most <see cref="MaxRows"/> rows of <see cref="MaxColumns"/> columns, each cell cut to <see cref="MaxCellLength"/>
/// characters. A CSV is read whole through the importer's own checks first (<see cref="CheckedTextReader"/>: 16,384
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

    /// <summary>The lines above the header (titles), as far as the preview shows them.</summary>
    public IReadOnlyList<string> Titles { get; init; } = [];

    /// <summary>The line holding the column names (1-based).</summary>
    public int HeaderRow { get; init; } = 1;

    /// <summary>A workbook's sheets in their order; empty for a CSV.</summary>
    public IReadOnlyList<string> Sheets { get; init; } = [];

    /// <summary>The sheet shown (a workbook only).</summary>
    public string? Sheet { get; init; }

    /// <summary>The text encoding the import reads the CSV in, as detected ("utf-8", "windows-1252"); null for a workbook.</summary>
    public string? Encoding { get; init; }

    /// <summary>How the shown numbers are written: German (1.234,5) unless they are plainly English (1,234.5 or 0.5).</summary>
    public NumberFormat NumberFormat { get; init; } = NumberFormat.German;

    /// <summary>
    /// Reads the preview of <paramref name="path"/> as an import with the source setting <paramref name="encoding"/> would
    /// read it: a workbook's <paramref name="sheet"/> (the first when null), a CSV's text; the column names in line <paramref name="headerRow"/>.
    /// </summary>
    public static async Task<TabularPreview> ReadAsync(string path, string fileName, string encoding, CancellationToken cancellationToken, string? sheet = null, int headerRow = 1)
    {
        using var file = await ReceivedFile.OpenAsync(path, fileName, encoding, unpackZip: false, cancellationToken);
        if (file.IsWorkbook) return ReadWorkbook(file.OpenRead(), fileName, sheet, headerRow);
        using var text = file.OpenText();
        return Read(text, fileName, cancellationToken, headerRow) with { Encoding = file.Encoding.WebName };
    }

    /// <summary>The preview of a CSV, delimiter detected from the header line as the import detects it.</summary>
    public static TabularPreview Read(TextReader text, string file, CancellationToken cancellationToken = default, int headerRow = 1)
    {
        var checkedText = CheckedTextReader.Over(text, file, null);
        var titles = new List<string>();
        for (var skip = 1; skip < headerRow; skip++)
        {
            var title = checkedText.ReadBoundedLine() ?? throw new SourceFormatException(file, skip, 1, $"die Datei hat keine Zeile {headerRow}: erwartet wird dort die Kopfzeile mit den Spaltennamen");
            if (titles.Count < MaxRows) titles.Add(Cut(title.AsSpan()));
        }
        var header = checkedText.ReadBoundedLine();
        if (string.IsNullOrWhiteSpace(header)) throw new SourceFormatException(file, headerRow, 1, "die Datei ist leer: erwartet wird eine Kopfzeile mit den Spaltennamen");
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
        return new TabularPreview(shown, rows, names.Length, more) { Titles = titles, HeaderRow = headerRow, NumberFormat = GuessNumberFormat(rows) };
    }

    /// <summary>The preview of a workbook's sheet; cells are written as the import writes them for its parser.</summary>
    public static TabularPreview ReadWorkbook(Stream stream, string file, string? sheet, int headerRow = 1)
    {
        using (stream)
        using (var reader = ExcelReaderFactory.CreateReader(stream))
        {
            var sheets = new List<string>();
            do sheets.Add(reader.Name);
            while (reader.NextResult());
            var chosen = sheet is null ? sheets[0] : sheets.FirstOrDefault(s => string.Equals(s, sheet, StringComparison.OrdinalIgnoreCase))
                ?? throw new SourceFormatException(file, 1, 1, $"die Arbeitsmappe hat kein Tabellenblatt „{sheet}“ (vorhanden: {string.Join(", ", sheets)})");
            reader.Reset();
            while (!string.Equals(reader.Name, chosen, StringComparison.Ordinal)) reader.NextResult();

            var titles = new List<string>();
            IReadOnlyList<string>? header = null;
            var rows = new List<IReadOnlyList<string>>(MaxRows);
            var more = false;
            var columns = 0;
            var line = 0;
            while (reader.Read())
            {
                line++;
                TabularReader.CheckWidth(reader.FieldCount, file, line);
                // Numbers come back as the import writes them for the German parser; the detection looks at the text cells.
                var cells = Enumerable.Range(0, reader.FieldCount).Select(i => TabularReader.Cell(reader.GetValue(i), NumberFormat.German)).ToArray();
                if (line < headerRow)
                {
                    titles.Add(Cut(string.Join(" ", cells.Where(c => c.Length > 0)).AsSpan()));
                    continue;
                }
                if (header is null)
                {
                    columns = cells.Length;
                    header = cells.Take(MaxColumns).Select(c => Cut(c.AsSpan().Trim())).ToList();
                    continue;
                }
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                if (rows.Count == MaxRows)
                {
                    more = true;
                    break;
                }
                rows.Add(cells.Take(MaxColumns).Select(c => Cut(c.AsSpan())).ToList());
            }
            if (header is null || header.All(string.IsNullOrWhiteSpace))
            {
                throw new SourceFormatException(file, headerRow, 1, $"das Tabellenblatt „{chosen}“ hat in Zeile {headerRow} keine Kopfzeile: erwartet werden dort die Spaltennamen");
            }
            return new TabularPreview(header, rows, columns, more) { Titles = titles, HeaderRow = headerRow, Sheets = sheets, Sheet = chosen };
        }
    }

    /// <summary>
    /// English when the figures shown are plainly written so (a point before one or two digits at the end, or a comma
    /// before three digits and a point after it); German otherwise, as German offices write.
    /// </summary>
    static NumberFormat GuessNumberFormat(IEnumerable<IReadOnlyList<string>> rows)
    {
        int english = 0, german = 0;
        foreach (var cell in rows.SelectMany(r => r))
        {
            var text = cell.Trim();
            if (text.Length == 0 || !text.Any(char.IsAsciiDigit) || text.Any(c => !(char.IsAsciiDigit(c) || c is '.' or ',' or '-' or '+'))) continue;
            if (DateOnly.TryParseExact(text, "dd.MM.yyyy", out _)) continue;
            var point = text.LastIndexOf('.');
            var comma = text.LastIndexOf(',');
            if (point > comma && comma >= 0) english++;
            else if (comma > point && point >= 0) german++;
            else if (point >= 0 && text.Length - point - 1 is 1 or 2) english++;
            else if (comma >= 0 && text.Length - comma - 1 is not 3) german++;
        }
        return english > german ? NumberFormat.English : NumberFormat.German;
    }

    static string Cut(ReadOnlySpan<char> cell) =>
        cell.Length <= MaxCellLength ? cell.ToString() : string.Concat(cell[..(MaxCellLength - 1)], "…");
}
