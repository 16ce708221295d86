using System.Text.RegularExpressions;
using Monitoring.Core.Observations;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;
using nietras.SeparatedValues;

namespace Monitoring.Ingestion.Genesis;

/// <summary>Settings a source may give the table reader.</summary>
public sealed record TableFileSettings
{
    /// <summary>Dimension codes for the header rows that hold classification labels, top down (e.g. ["GES"]); generic codes when left out.</summary>
    public IReadOnlyList<string>? HeaderDimensions { get; init; }

    /// <summary>The variable's code; the table code when left out.</summary>
    public string? VariableCode { get; init; }
}

/// <summary>
/// Reads the classic GENESIS table CSV ("Tabelle" download): a title block (table code, title, content line such as
/// "Bevölkerungsstand (Anzahl)"), header rows spreading periods and classification values across the columns,
/// data rows with the official key and name of an area, German numbers and the official symbols, and a footer after
/// a line of underscores. Labels in header rows become dimension values (a label "Insgesamt" is the total);
/// a date or year in a header row, in a leading column or in the title is the period.
/// Columns between the area's name and the figures classify the rows (an age group; a continent and country code with
/// its label) and become dimensions too.
/// A Landesdatenbank table without a key column names its areas ("    Gütersloh, Kreis"): they are looked up in the
/// directory, each inside the Kreis or Land named above it.
/// Limits: one content (variable) per table.
/// </summary>
public static partial class TableFileReader
{
    /// <summary>Reads a table CSV; <paramref name="keyOfLabel"/> finds the key of an area a table without keys names (label, the key of the area above).</summary>
    public static IEnumerable<SourceRecord> Read(TextReader text, string file, TableFileSettings? settings = null, Func<string, string?, string?>? keyOfLabel = null)
    {
        settings ??= new TableFileSettings();
        // Every line passes the importer's limits (16,384 columns, its length, the encoding) before Sep splits it into cells.
        using var reader = Sep.New(';').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(CheckedTextReader.Over(text, file, ';'));
        var state = new State(file, settings) { KeyOfLabel = keyOfLabel };
        var buffer = new List<SourceRecord>();
        while (reader.MoveNext())
        {
            if (!Read(reader.Current, state, buffer)) break;
            foreach (var record in buffer) yield return record;
            buffer.Clear();
        }
        foreach (var record in buffer) yield return record;
        if (state.Layout is null)
        {
            throw new SourceFormatException(file, state.Lines == 0 ? 1 : state.Lines, 1, state.Lines == 0
                ? "die Datei ist leer; erwartet wird eine GENESIS-Tabelle (Titelzeilen, Kopfzeilen, Zeilen mit amtlichen Schlüsseln)"
                : "keine Zeile mit einem amtlichen Gebietsschlüssel (DG, 05, 05754, 05754008) und Zahlen gefunden: ist dies eine GENESIS-Tabelle oder ein GENESIS-Flatfile?");
        }
    }

    sealed class State(string file, TableFileSettings settings)
    {
        public string File { get; } = file;
        public TableFileSettings Settings { get; } = settings;
        public int Lines { get; set; }
        public string? Table { get; set; }
        public string? Statistic { get; set; }
        public (string Label, string? Unit)? Content { get; set; }
        public string? TitlePeriod { get; set; }
        public List<string[]> Pending { get; } = [];
        public Layout? Layout { get; set; }
        public Func<string, string?, string?>? KeyOfLabel { get; init; }

        /// <summary>In a table without keys: the areas named above, by the indentation of their names (a Kreis above its Gemeinden).</summary>
        public List<(int Indent, string? Key)> Context { get; } = [];

        /// <summary>The indentation of the current line's area name.</summary>
        public int Indent { get; set; }
    }

    sealed record Column(int Index, string? Period, int? Year, IReadOnlyList<DimensionValue> Dimensions);

    /// <summary>A classification in the rows, beside the area (an age group, a continent and country): its label column and, where the table gives one, its code column.</summary>
    sealed record RowClassification(int? CodeColumn, int LabelColumn, string Dimension, string DimensionLabel);

    sealed record Layout(int Key, int Name, int? PeriodColumn, IReadOnlyList<Column> Values, string VariableCode, string VariableLabel, string? Unit,
        IReadOnlyList<RowClassification> Rows);

    /// <summary>Takes one line; false at the footer.</summary>
    static bool Read(SepReader.Row row, State state, List<SourceRecord> output)
    {
        state.Lines++;
        var cells = new string[row.ColCount];
        for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString().Trim();
        if (state.Layout is { Key: < 0 } named && named.Name < row.ColCount)
        {
            var raw = row[named.Name].Span;
            state.Indent = raw.Length - raw.TrimStart(' ').Length;
        }
        if (cells.Length > 0 && cells[0].StartsWith("_____", StringComparison.Ordinal)) return false;
        var line = row.LineNumberFrom;

        if (state.Layout is null)
        {
            // A key is followed by the area's name: a figure of eight digits after a name is no key.
            var key = Array.FindIndex(cells, c => AreaKey().IsMatch(c));
            if (key >= 0 && key <= 2 && key + 1 < cells.Length && !IsFigure(cells[key + 1]) && cells.Skip(key + 1).Any(IsFigure))
            {
                state.Layout = Build(cells, key, key + 1, state, line);
            }
            else if (NamedArea(cells, state) is int name)
            {
                // A Landesdatenbank table with no key column: its rows name the area ("    Gütersloh, Kreis").
                state.Layout = Build(cells, -1, name, state, line);
            }
            else
            {
                Title(cells, state);
                return true;
            }
        }
        Data(cells, line, state.Layout, state, output);
        return true;
    }

    static void Title(string[] cells, State state)
    {
        var first = cells.FirstOrDefault() ?? "";
        // "GENESIS-Tabelle: 12411-01-01-5" (GENESIS-Online, Regionalstatistik), "Tabelle: 12521-03i" (Landesdatenbank NRW).
        if (TableLine().Match(first) is { Success: true } tableLine)
        {
            state.Table = tableLine.Groups[1].Value.Trim();
            state.Statistic = state.Table.Split('-')[0];
            return;
        }
        if (cells.Length > 0 && first.Length > 0 && cells.Skip(1).All(c => c.Length == 0))
        {
            // Title lines: the last one of the form "Label (Unit)" names the content; a date or year in one is the period.
            if (ContentLine().Match(first) is { Success: true } content) state.Content = (content.Groups[1].Value.Trim(), content.Groups[2].Value.Trim());
            if (TitleDate().Match(first) is { Success: true } date) state.TitlePeriod = date.Value;
            state.Pending.Clear();
            return;
        }
        // A header row: leading cells empty, labels spread across the value columns.
        if (cells.Length > 0) state.Pending.Add(cells);
    }

    /// <summary>The column of a row's area name in a table without keys: text the directory knows, followed by figures.</summary>
    static int? NamedArea(string[] cells, State state)
    {
        if (state.KeyOfLabel is null) return null;
        for (var i = 0; i <= Math.Min(2, cells.Length - 2); i++)
        {
            if (cells[i].Length == 0 || IsFigure(cells[i]) || Period.TryParse(cells[i], out _, out _)) continue;
            if (cells.Skip(i + 1).Any(IsFigure) && state.KeyOfLabel(cells[i], null) is not null) return i;
            return null;
        }
        return null;
    }

    static Layout Build(string[] first, int key, int name, State state, long line)
    {
        var anchor = key >= 0 ? key : name;
        int? periodColumn = anchor > 0 && Period.TryParse(first[anchor - 1], out _, out _) ? anchor - 1 : null;
        var width = first.Length;
        var headers = state.Pending.Select(h => Spread(h, width)).ToList();
        var labelRows = headers.Where(h => !h.Skip(name + 1).Where(c => c.Length > 0).All(c => Period.TryParse(c, out _, out _))).ToList();
        var codes = state.Settings.HeaderDimensions;

        // Columns between the area's name and the figures classify the rows (Regionalstatistik's age groups, IT.NRW's
        // continent and country with their codes): the figures start after the last cell of the first row that is none.
        var firstValue = name + 1;
        for (var c = width - 1; c > name; c--)
        {
            if (!IsFigure(first[c]) && first[c].Length > 0)
            {
                firstValue = c + 1;
                break;
            }
        }
        var rows = new List<RowClassification>();
        for (var c = name + 1; c < firstValue;)
        {
            var number = rows.Count + 1;
            var coded = first[c].Length > 0 && first[c].All(char.IsAsciiDigit) && c + 1 < firstValue && !first[c + 1].All(char.IsAsciiDigit);
            rows.Add(new RowClassification(coded ? c : null, coded ? c + 1 : c, $"ZEILE{number}", $"Zeilenmerkmal {number}"));
            c += coded ? 2 : 1;
        }

        var columns = new List<Column>();
        for (var c = firstValue; c < width; c++)
        {
            string? period = null;
            int? year = null;
            var dimensions = new List<DimensionValue>();
            foreach (var header in headers)
            {
                var label = header[c];
                if (label.Length == 0) continue;
                if (Period.TryParse(label, out var p, out var y))
                {
                    (period, year) = (p, y);
                    continue;
                }
                if (label.Equals("Insgesamt", StringComparison.OrdinalIgnoreCase)) continue;
                var index = labelRows.IndexOf(header);
                var dimension = codes is not null && index < codes.Count ? codes[index] : $"SPALTE{index + 1}";
                dimensions.Add(new DimensionValue(dimension, codes is not null && index < codes.Count ? codes[index] : $"Spaltenmerkmal {index + 1}", Slug(label), label));
            }
            if (period is null && periodColumn is null && state.TitlePeriod is null)
            {
                throw new SourceFormatException(state.File, line, c + 1, "für diese Spalte fehlt der Zeitbezug: erwartet wird ein Datum oder Jahr in einer Kopfzeile, einer vorderen Spalte oder im Titel");
            }
            columns.Add(new Column(c, period, year, dimensions));
        }
        if (columns.Count == 0) throw new SourceFormatException(state.File, line, name + 2, "nach Gebietsschlüssel und -name folgen keine Wertspalten");

        var content = state.Content ?? (state.Table ?? Path.GetFileNameWithoutExtension(state.File), null);
        return new Layout(key, name, periodColumn, columns, state.Settings.VariableCode ?? state.Table ?? content.Label, content.Label, content.Unit, rows);
    }

    static void Data(string[] cells, long line, Layout layout, State state, List<SourceRecord> output)
    {
        if (cells.All(c => c.Length == 0)) return;
        string areaKey;
        if (layout.Key < 0)
        {
            // Named, not keyed: the name is looked up in the directory, inside the Kreis or Land named above it. A name the
            // directory does not have stays as it is and is reported among the unknown areas, never dropped silently.
            // The area above is the last one named with less indentation; one the directory did not know is passed as ""
            // (its parts may be former areas, never the current ones of the same name elsewhere).
            var label = cells.Length > layout.Name ? cells[layout.Name] : "";
            state.Context.RemoveAll(c => c.Indent >= state.Indent);
            var above = state.Context.Count > 0 ? state.Context[^1].Key ?? "" : null;
            var found = state.KeyOfLabel!(label, above);
            state.Context.Add((state.Indent, found));
            areaKey = found ?? label;
        }
        else if (cells.Length <= layout.Key || !AreaKey().IsMatch(cells[layout.Key]))
        {
            output.Add(new SourceRejection(line, layout.Key + 1, $"erwartet wird ein amtlicher Gebietsschlüssel (DG, 05, 05754, 05754008), gefunden „{(cells.Length > layout.Key ? cells[layout.Key] : "")}“"));
            return;
        }
        else
        {
            areaKey = cells[layout.Key];
        }
        string? rowPeriod = null;
        var rowYear = 0;
        if (layout.PeriodColumn is int p && !Period.TryParse(cells[p], out rowPeriod, out rowYear))
        {
            output.Add(new SourceRejection(line, p + 1, $"erwartet wird ein Jahr oder ein Stichtag, gefunden „{cells[p]}“"));
            return;
        }
        var rowDimensions = new List<DimensionValue>();
        foreach (var classification in layout.Rows)
        {
            var label = cells.Length > classification.LabelColumn ? cells[classification.LabelColumn] : "";
            var code = classification.CodeColumn is int c && cells.Length > c ? cells[c] : "";
            // "Insgesamt" (or nothing) is the total over that classification.
            if (label.Length == 0 && code.Length == 0 || label.Equals("Insgesamt", StringComparison.OrdinalIgnoreCase)) continue;
            rowDimensions.Add(new DimensionValue(classification.Dimension, classification.DimensionLabel, code.Length > 0 ? code : Slug(label), label.Length > 0 ? label : code));
        }
        foreach (var column in layout.Values)
        {
            if (column.Index >= cells.Length)
            {
                output.Add(new SourceRejection(line, cells.Length + 1, $"die Zeile hat {cells.Length} Felder, erwartet werden {layout.Values[^1].Index + 1} (Zeile abgeschnitten?)"));
                return;
            }
            if (!OfficialValue.TryParse(cells[column.Index], NumberFormat.German, out var value, out var error))
            {
                output.Add(new SourceRejection(line, column.Index + 1, error));
                continue;
            }
            var period = column.Period ?? rowPeriod;
            var year = column.Year ?? rowYear;
            if (period is null) Period.TryParse(state.TitlePeriod!, out period, out year);
            output.Add(new SourceObservation(line, column.Index + 1, (layout.Key < 0 ? layout.Name : layout.Key) + 1, areaKey, cells.Length > layout.Name ? cells[layout.Name] : "",
                period!, year, layout.VariableCode, layout.VariableLabel, layout.Unit, state.Statistic,
                rowDimensions.Count == 0 ? column.Dimensions : [.. column.Dimensions, .. rowDimensions], value));
        }
    }

    /// <summary>GENESIS writes a spanning label once, in its first column; repeat it to the right until the next label.</summary>
    static string[] Spread(string[] header, int width)
    {
        var spread = new string[width];
        var last = "";
        for (var i = 0; i < width; i++)
        {
            var cell = i < header.Length ? header[i] : "";
            if (cell.Length > 0) last = cell;
            spread[i] = cell.Length > 0 ? cell : i > 0 && header.Take(i).Any(c => c.Length > 0) ? last : "";
        }
        return spread;
    }

    static bool IsFigure(string cell) => cell.Length > 0 && OfficialValue.TryParse(cell, NumberFormat.German, out _, out _);

    static string Slug(string label)
    {
        var slug = new string(label.ToUpperInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()).Trim('_');
        return slug.Length <= 60 ? slug : slug[..60];
    }

    [GeneratedRegex(@"^(DG|\d{2}|\d{3}|\d{5}|\d{8}|\d{12})$")]
    private static partial Regex AreaKey();

    [GeneratedRegex(@"^(?:GENESIS-)?Tabelle:\s*(\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex TableLine();

    [GeneratedRegex(@"^(.+)\(([^()]+)\)\s*$")]
    private static partial Regex ContentLine();

    [GeneratedRegex(@"\b\d{2}\.\d{2}\.\d{4}\b|\b(19|20)\d{2}\b")]
    private static partial Regex TitleDate();
}
