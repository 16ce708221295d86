using System.Globalization;
using ExcelDataReader;
using Monitoring.Core.Observations;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;
using nietras.SeparatedValues;

namespace Monitoring.Ingestion.Tabular;

/// <summary>
/// Reads an analyst's CSV or XLSX file through its <see cref="TabularMapping"/>: one observation per row and value column.
/// Both formats stream row by row. Area names are handed on as such; the importer resolves them through the registry.
/// </summary>
public static class TabularReader
{
    /// <summary>More columns than Excel has (16,384) is no table an office keeps; such a header is refused before it is laid out.</summary>
    public const int MaxColumns = CheckedTextReader.MaxColumns;


    /// <summary>The records of a received file through <paramref name="mapping"/>: a workbook's sheet or a CSV's rows, as the import reads them.</summary>
    public static IEnumerable<SourceRecord> Read(ReceivedFile file, TabularMapping mapping)
    {
        if (file.IsWorkbook)
        {
            using var stream = file.OpenRead();
            foreach (var record in ReadXlsx(stream, file.Name, mapping)) yield return record;
        }
        else
        {
            using var text = file.OpenText();
            foreach (var record in ReadCsv(text, file.Name, mapping)) yield return record;
        }
    }

    public static IEnumerable<SourceRecord> ReadCsv(TextReader text, string file, TabularMapping mapping)
    {
        // Titles and the header are read as lines, through the same limits as the rows (columns, line length, encoding).
        var checkedText = CheckedTextReader.Over(text, file, mapping.Delimiter);
        for (var skip = 1; skip < mapping.HeaderRow; skip++) checkedText.ReadBoundedLine();
        var header = checkedText.ReadBoundedLine();
        if (string.IsNullOrWhiteSpace(header)) throw new SourceFormatException(file, mapping.HeaderRow, 1, "die Datei ist leer: erwartet wird eine Kopfzeile mit den zugeordneten Spaltennamen");
        var delimiter = mapping.Delimiter ?? DetectDelimiter(header);
        checkedText.Delimiter = delimiter;
        var names = HeaderNames(header, delimiter);
        var layout = Layout.Of(names, mapping, file, mapping.HeaderRow);

        using var reader = Sep.New(delimiter).Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(checkedText);
        var buffer = new List<SourceRecord>();
        // Line numbers in the file: the header's line plus the row's first line after it (quoted line breaks included).
        // A row starts where the previous one ended; Sep's LineNumberFrom of the very first row without a header is off by one.
        var start = 1;
        while (reader.MoveNext())
        {
            ReadCsvRow(reader.Current, mapping.HeaderRow + start, layout, mapping, buffer);
            start = reader.Current.LineNumberToExcl;
            foreach (var record in buffer) yield return record;
            buffer.Clear();
        }
    }

    public static void CheckWidth(int columns, string file, long line)
    {
        if (columns > MaxColumns) throw new SourceFormatException(file, line, MaxColumns + 1, string.Create(Core.German.Culture, $"{columns:N0} Spalten, mehr als die {MaxColumns:N0}, die eine Tabelle haben darf"));
    }

    /// <summary>The delimiter of a header line when the mapping names none: ';', else tab, else ','.</summary>
    internal static char DetectDelimiter(string header) =>
        header.Contains(';', StringComparison.Ordinal) ? ';' : header.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';

    /// <summary>The names in a header line (read by <see cref="CheckedTextReader.ReadBoundedLine"/>, so within the limits), unquoted.</summary>
    internal static string[] HeaderNames(string header, char delimiter)
    {
        using var reader = Sep.New(delimiter).Reader(o => o with { HasHeader = false, Unescape = true }).FromText(header);
        if (!reader.MoveNext()) return [];
        var row = reader.Current;
        var names = new string[row.ColCount];
        for (var i = 0; i < names.Length; i++) names[i] = row[i].ToString();
        return names;
    }

    static void ReadCsvRow(SepReader.Row row, long line, Layout layout, TabularMapping mapping, List<SourceRecord> output)
    {
        var cells = new string[layout.Width];
        for (var i = 0; i < layout.Width && i < row.ColCount; i++) cells[i] = row[i].ToString();
        if (row.ColCount == 1 && row[0].Span.Trim().IsEmpty) return; // blank line
        if (row.ColCount < layout.Width)
        {
            output.Add(new SourceRejection(line, row.ColCount + 1, $"die Zeile hat {row.ColCount} Felder, erwartet werden mindestens {layout.Width} (abgeschnittene Zeile oder falsches Trennzeichen)"));
            return;
        }
        layout.Read(cells, line, mapping, output);
    }

    public static IEnumerable<SourceRecord> ReadXlsx(Stream stream, string file, TabularMapping mapping)
    {
        using var reader = ExcelReaderFactory.CreateReader(stream);
        if (mapping.Sheet is { } sheet)
        {
            while (!string.Equals(reader.Name, sheet, StringComparison.OrdinalIgnoreCase))
            {
                if (!reader.NextResult()) throw new SourceFormatException(file, 1, 1, $"die Arbeitsmappe hat kein Tabellenblatt „{sheet}“");
            }
        }

        Layout? layout = null;
        var buffer = new List<SourceRecord>();
        var line = 0;
        while (reader.Read())
        {
            line++;
            if (line < mapping.HeaderRow) continue;
            CheckWidth(reader.FieldCount, file, line);
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++) cells[i] = Cell(reader.GetValue(i), mapping.NumberFormat);
            if (layout is null)
            {
                layout = Layout.Of(cells, mapping, file, line);
                continue;
            }
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            layout.Read(cells, line, mapping, buffer);
            foreach (var record in buffer) yield return record;
            buffer.Clear();
        }
        if (layout is null) throw new SourceFormatException(file, mapping.HeaderRow, 1, "das Tabellenblatt ist leer: erwartet wird eine Kopfzeile mit den zugeordneten Spaltennamen");
    }

    /// <summary>Excel cells arrive typed; numbers are written back in the mapping's format so one parser reads both file kinds.</summary>
    internal static string Cell(object? value, NumberFormat format) => value switch
    {
        null => "",
        double d => d.ToString("0.##########", format == NumberFormat.German ? Core.German.Culture : CultureInfo.InvariantCulture),
        DateTime date => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
    };

    sealed record Layout(int Area, int Period, (int Index, DimensionColumn Column)[] Dimensions, (int Index, ValueColumn Column)[] Values, int Width)
    {
        public static Layout Of(IReadOnlyList<string> header, TabularMapping mapping, string file, long line)
        {
            var names = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
            int Find(string column) => names.FindIndex(n => string.Equals(n, column.Trim(), StringComparison.OrdinalIgnoreCase)) is var i and >= 0
                ? i
                : throw new SourceFormatException(file, line, 1, $"die zugeordnete Spalte „{column}“ steht nicht in der Kopfzeile (gefunden: {string.Join(", ", names.Where(n => n.Length > 0).Take(12))})");
            var area = Find(mapping.AreaColumn);
            var period = Find(mapping.PeriodColumn);
            var dimensions = mapping.Dimensions.Select(d => (Find(d.Column), d)).ToArray();
            var values = mapping.Values.Select(v => (Find(v.Column), v)).ToArray();
            if (values.Length == 0) throw new SourceFormatException(file, line, 1, "die Spaltenzuordnung nennt keine Wertspalte");
            var width = new[] { area, period }.Concat(dimensions.Select(d => d.Item1)).Concat(values.Select(v => v.Item1)).Max() + 1;
            return new Layout(area, period, dimensions, values, width);
        }

        public void Read(string[] cells, long line, TabularMapping mapping, List<SourceRecord> output)
        {
            var area = cells[Area].Trim();
            if (area.Length == 0)
            {
                output.Add(new SourceRejection(line, Area + 1, $"kein Gebiet: erwartet wird ein amtlicher Schlüssel oder ein Name in der Spalte „{mapping.AreaColumn}“"));
                return;
            }
            if (!Monitoring.Core.Observations.Period.TryParse(cells[Period], out var period, out var year))
            {
                output.Add(new SourceRejection(line, Period + 1, $"erwartet wird ein Jahr (2023) oder ein Stichtag (31.12.2023) in der Spalte „{mapping.PeriodColumn}“, gefunden „{cells[Period].Trim()}“"));
                return;
            }
            var dimensions = new List<DimensionValue>(Dimensions.Length);
            foreach (var (index, column) in Dimensions)
            {
                var value = cells[index].Trim();
                if (value.Length == 0) continue; // an empty cell is the total over that dimension
                dimensions.Add(new DimensionValue(column.Dimension, column.DimensionLabel, value, value));
            }
            foreach (var (index, column) in Values)
            {
                if (!OfficialValue.TryParse(cells[index], mapping.NumberFormat, out var value, out var error))
                {
                    output.Add(new SourceRejection(line, index + 1, error));
                    continue;
                }
                output.Add(new SourceObservation(line, index + 1, Area + 1, area, area, period, year, column.Variable, column.Label, column.Unit, mapping.SourceNote, dimensions, value));
            }
        }
    }
}
