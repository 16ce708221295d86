using System.Globalization;
using System.Text.RegularExpressions;
using Monitoring.Core.Observations;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;
using nietras.SeparatedValues;

namespace Monitoring.Ingestion.Genesis;

/// <summary>Settings a source may give the flat-file reader; empty means detect.</summary>
public sealed record FlatFileSettings
{
    /// <summary>German or English numbers; null detects from the labels' language.</summary>
    public NumberFormat? NumberFormat { get; init; }

    /// <summary>Merkmal codes that hold the regional key; null uses <see cref="FlatFileReader.RegionalVariables"/>.</summary>
    public IReadOnlyList<string>? RegionalVariables { get; init; }
}

/// <summary>
/// Reads a GENESIS flat-file CSV ("ffcsv") as Destatis, the Regionalstatistik, IT.NRW and the Zensus database
/// deliver it: one row per time, classification values and content, semicolon-separated, German or English
/// column names, wide (<c>CODE__Label__Unit</c> columns) or long (<c>value</c>, <c>value_variable_code</c>) layout.
/// The regional key is found by its Merkmal code, never by position; every other Merkmal is a dimension.
/// Streams: memory does not grow with the file.
/// </summary>
public static partial class FlatFileReader
{
    /// <summary>Regional classifications of the GENESIS databases (Destatis, Regionalstatistik, Landesdatenbanken, Zensus).</summary>
    public static readonly IReadOnlyList<string> RegionalVariables =
        ["DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEIN", "GEMEIND", "GEODL1", "GEOBL1", "GEOBL3", "GEORB3", "GEOLK4", "GEOGM4", "GEOVB4"];

    /// <summary>
    /// The Zensus databases (2011, 2022) name their regional classifications GEO + level + depth: GEODL1 Germany, GEOBL1
    /// Länder, GEORB3, GEOLK4 Kreise, GEOGM4 Gemeinden (12-digit ARS), GEOVB4 Gemeindeverbände; any of them is regional.
    /// </summary>
    static bool IsZensusRegional(string code) => ZensusRegional().IsMatch(code);

    static readonly string[] GermanTimeLabels = ["Jahr", "Stichtag", "Monat", "Quartal", "Halbjahr", "Schuljahr"];

    sealed record ValueColumn(int Index, string Code, string Label, string? Unit, int QualityIndex);

    sealed record Group(int CodeIndex, int LabelIndex, int ValueCodeIndex, int ValueLabelIndex);

    sealed record Layout(
        bool GermanNames,
        int Statistic, int TimeCode, int TimeLabel, int Time,
        IReadOnlyList<Group> Groups,
        IReadOnlyList<ValueColumn> Wide,
        int LongValue, int LongUnit, int LongCode, int LongLabel, int LongQuality,
        int ColumnCount);

    public static IEnumerable<SourceRecord> Read(TextReader text, string file, FlatFileSettings? settings = null)
    {
        settings ??= new FlatFileSettings();
        var regional = new HashSet<string>(settings.RegionalVariables ?? RegionalVariables, StringComparer.OrdinalIgnoreCase);

        // The header is read as a line and checked here, not by Sep's header (HasHeader): for a repeated name Sep builds a
        // message listing every repetition, about 600 MB never released for a 10 MB line of "x;x;…". The line passes the
        // same limits as the rows (16,384 columns, its length, the encoding) before it is split.
        var checkedText = CheckedTextReader.Over(text, file, ';');
        var header = checkedText.ReadBoundedLine();
        var state = new ReadState(ReadLayout(header is null ? Array.Empty<string>() : Tabular.TabularReader.HeaderNames(header, ';'), file), settings.NumberFormat, regional)
        {
            Defaults = settings.RegionalVariables is null,
        };
        using var reader = Sep.New(';').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = false }).From(checkedText);
        var buffer = new List<SourceRecord>();
        var rows = 0;
        // Line numbers in the file: the header's line plus the row's first line after it, as in the tabular reader
        // (Sep's LineNumberFrom of its very first row without a header is off by one).
        var start = 1;
        // The row is a ref struct that cannot live across a yield: each row is read into a small buffer first.
        while (reader.MoveNext())
        {
            rows++;
            ReadRow(reader.Current, 1 + start, state, buffer);
            start = reader.Current.LineNumberToExcl;
            foreach (var record in buffer) yield return record;
            buffer.Clear();
        }

        if (rows == 0)
        {
            throw new SourceFormatException(file, 2, 1, "die Datei hat eine Kopfzeile, aber keine Datenzeilen");
        }
    }

    sealed class ReadState(Layout layout, NumberFormat? format, HashSet<string> regional)
    {
        public Layout Layout { get; } = layout;

        public NumberFormat? Format { get; set; } = format ?? (layout.GermanNames ? NumberFormat.German : null);

        public HashSet<string> Regional { get; } = regional;

        /// <summary>Whether a Merkmal is regional: a listed one, or (with the defaults) any of the Zensus databases'.</summary>
        public bool IsRegional(string code) => Regional.Contains(code) || (Defaults && IsZensusRegional(code));

        public bool Defaults { get; init; }

        public int? RegionalGroup { get; set; }

        public StringPool Strings { get; } = new();
    }

    static void ReadRow(SepReader.Row row, long line, ReadState state, List<SourceRecord> output)
    {
        var layout = state.Layout;
        if (row.ColCount != layout.ColumnCount)
        {
            output.Add(new SourceRejection(line, Math.Min(row.ColCount, layout.ColumnCount) + 1,
                $"die Zeile hat {row.ColCount} Felder, erwartet werden {layout.ColumnCount} wie in der Kopfzeile (Zeile abgeschnitten oder verschoben, oder ein ';' in einem Wert)"));
            return;
        }

        // English column names come with German or English numbers, depending on the language of the export; its labels tell which.
        state.Format ??= layout.TimeLabel >= 0 && GermanTimeLabels.Contains(row[layout.TimeLabel].ToString().Trim(), StringComparer.OrdinalIgnoreCase)
            ? NumberFormat.German
            : NumberFormat.English;
        var format = state.Format.Value;

        if (!TryPeriod(row[layout.TimeCode].Span.Trim(), row[layout.Time].Span.Trim(), state.Strings, out var period, out var year, out var periodError))
        {
            output.Add(new SourceRejection(line, layout.Time + 1, periodError));
            return;
        }

        state.RegionalGroup ??= FindRegionalGroup(row, layout, state.IsRegional);
        if (state.RegionalGroup is not int areaGroup || !state.IsRegional(row[layout.Groups[areaGroup].CodeIndex].ToString().Trim()))
        {
            output.Add(new SourceRejection(line, layout.Groups[0].CodeIndex + 1,
                $"keine regionale Gliederung in dieser Zeile (erwartet wird ein Merkmalscode wie {string.Join(", ", RegionalVariables.Take(6))})"));
            return;
        }

        var area = layout.Groups[areaGroup];
        var strings = state.Strings;
        var areaCode = strings.Get(row[area.ValueCodeIndex].Span.Trim());
        var areaLabel = strings.Get(row[area.ValueLabelIndex].Span.Trim());
        var dimensions = new List<DimensionValue>(layout.Groups.Count - 1);
        for (var g = 0; g < layout.Groups.Count; g++)
        {
            if (g == areaGroup) continue;
            var group = layout.Groups[g];
            var code = row[group.ValueCodeIndex].Span.Trim();
            // An empty Auspraegung code is the total over that Merkmal: no breakdown.
            if (code.IsEmpty) continue;
            dimensions.Add(new DimensionValue(strings.Get(row[group.CodeIndex].Span.Trim()), strings.Get(row[group.LabelIndex].Span.Trim()),
                strings.Get(code), strings.Get(row[group.ValueLabelIndex].Span.Trim())));
        }
        var statistic = layout.Statistic >= 0 ? strings.Get(row[layout.Statistic].Span.Trim()) : null;

        if (layout.LongValue >= 0)
        {
            var code = strings.Get(row[layout.LongCode].Span.Trim());
            if (code.Length == 0)
            {
                output.Add(new SourceRejection(line, layout.LongCode + 1, "value_variable_code ist leer; erwartet wird der Code des Inhalts (z. B. BEVSTD)"));
                return;
            }
            output.Add(Observation(row[layout.LongValue].Span, layout.LongValue, layout.LongQuality >= 0 ? row[layout.LongQuality].Span : default,
                code, layout.LongLabel >= 0 ? strings.Get(row[layout.LongLabel].Span.Trim()) : code, layout.LongUnit >= 0 ? strings.Get(row[layout.LongUnit].Span.Trim()) : null));
            return;
        }

        foreach (var column in layout.Wide)
        {
            output.Add(Observation(row[column.Index].Span, column.Index, column.QualityIndex >= 0 ? row[column.QualityIndex].Span : default,
                column.Code, column.Label, column.Unit));
        }

        SourceRecord Observation(ReadOnlySpan<char> cell, int index, ReadOnlySpan<char> quality, string code, string label, string? unit)
        {
            if (!OfficialValue.TryParse(cell, format, out var value, out var error))
            {
                return new SourceRejection(line, index + 1, error);
            }
            if (!quality.IsEmpty)
            {
                if (!OfficialValue.TryParseQuality(quality, out var qualityFlags))
                {
                    return new SourceRejection(line, index + 2, $"unbekanntes Qualitätskennzeichen „{quality.ToString()}“ (erwartet: e, p, r, s, () oder leer)");
                }
                value = value with { Flags = value.Flags | qualityFlags };
            }
            return new SourceObservation(line, index + 1, area.ValueCodeIndex + 1, areaCode, areaLabel, period, year, code, label, unit, statistic, dimensions, value);
        }
    }

    static int? FindRegionalGroup(SepReader.Row row, Layout layout, Func<string, bool> regional)
    {
        for (var g = 0; g < layout.Groups.Count; g++)
        {
            if (regional(row[layout.Groups[g].CodeIndex].ToString().Trim())) return g;
        }
        return null;
    }

    static bool TryPeriod(ReadOnlySpan<char> timeCode, ReadOnlySpan<char> time, StringPool strings, out string period, out int year, out string error)
    {
        period = "";
        year = 0;
        error = "";
        if (timeCode.Equals("JAHR", StringComparison.OrdinalIgnoreCase))
        {
            if (time.Length == 4 && int.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out year))
            {
                period = strings.Get(time);
                return true;
            }
            error = $"erwartet wird ein Jahr wie 2023 (Zeitcode JAHR), gefunden „{time.ToString()}“";
            return false;
        }
        if (timeCode.Equals("STAG", StringComparison.OrdinalIgnoreCase))
        {
            if (DateOnly.TryParseExact(time, ["dd.MM.yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Span<char> iso = stackalloc char[10];
                date.TryFormat(iso, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                period = strings.Get(iso);
                year = date.Year;
                return true;
            }
            error = $"erwartet wird ein Stichtag wie 31.12.2023 (Zeitcode STAG), gefunden „{time.ToString()}“";
            return false;
        }
        error = $"der Zeitcode „{timeCode.ToString()}“ wird nicht unterstützt (erwartet: JAHR für Jahre oder STAG für Stichtage)";
        return false;
    }

    static Layout ReadLayout(IReadOnlyList<string> rawNames, string file)
    {
        var names = rawNames.Select(n => n.Trim().TrimStart('\uFEFF')).ToList();
        if (names.Count == 0 || (names.Count == 1 && names[0].Length == 0))
        {
            throw new SourceFormatException(file, 1, 1, "die Datei ist leer; erwartet wird die Kopfzeile eines GENESIS-Flatfiles (Statistik_Code;… oder statistics_code;…)");
        }
        if (names.Count == 1)
        {
            var delimiter = names[0].Contains(',', StringComparison.Ordinal) ? "','" : names[0].Contains('\t', StringComparison.Ordinal) ? "Tabulatoren" : null;
            throw new SourceFormatException(file, 1, 1, delimiter is null
                ? $"erwartet wird die durch Semikolon getrennte Kopfzeile eines GENESIS-Flatfiles, gefunden „{Shorten(names[0])}“"
                : $"die Datei ist durch {delimiter} getrennt; GENESIS-Flatfiles sind durch ';' getrennt");
        }

        var first = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            // English wide files name a classification's attribute columns like its code ("1_variable_code" three times):
            // those are taken by position below; any other name twice would leave the column to read in doubt.
            if (GroupCode().IsMatch(names[i])) continue;
            if (!first.TryAdd(names[i], i))
            {
                throw new SourceFormatException(file, 1, i + 1,
                    $"die Spalte „{Shorten(names[i])}“ steht zweimal in der Kopfzeile (Spalten {first[names[i]] + 1} und {i + 1}); erwartet wird jeder Spaltenname einmal");
            }
        }

        int Find(params string[] candidates) => names.FindIndex(n => candidates.Contains(n, StringComparer.OrdinalIgnoreCase));

        var germanNames = Find("Statistik_Code", "Zeit_Code") >= 0;
        var timeCode = Find("Zeit_Code", "time_code");
        var time = Find("Zeit", "time");
        if (timeCode < 0 || time < 0)
        {
            throw new SourceFormatException(file, 1, 1,
                "dies ist kein GENESIS-Flatfile: erwartet werden die Spalten Zeit_Code und Zeit (oder time_code und time). Für eine Tabelle (CSV) die Quellart „GENESIS-Export“ wählen.");
        }

        var groups = new List<Group>();
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, index) in names.Select((n, i) => (n, i)))
        {
            var match = GroupCode().Match(name);
            if (!match.Success) continue;
            var n = match.Groups[1].Value;
            // The first column of that name starts the classification; later ones of the same name are its attribute columns.
            if (!numbers.Add(n)) continue;
            int Need(int offset, string german, string english)
            {
                var i = Find($"{n}_{german}", $"{n}_{english}");
                if (i >= 0) return i;
                // Real English wide files (Regionalstatistik, 2024): the four columns side by side, the attribute code and
                // label named like the classification's code.
                if (index + offset < names.Count && string.Equals(names[index + offset], name, StringComparison.OrdinalIgnoreCase)) return index + offset;
                throw new SourceFormatException(file, 1, index + 1, $"zur Spalte {name} fehlt die Spalte {n}_{(germanNames ? german : english)}");
            }
            groups.Add(new Group(index, Need(1, "Merkmal_Label", "variable_label"), Need(2, "Auspraegung_Code", "variable_attribute_code"), Need(3, "Auspraegung_Label", "variable_attribute_label")));
        }
        if (groups.Count == 0)
        {
            throw new SourceFormatException(file, 1, 1, "keine Merkmalsspalten (1_Merkmal_Code oder 1_variable_code): der Regionalschlüssel ist nicht zu finden");
        }

        var longValue = Find("value");
        var wide = new List<ValueColumn>();
        if (longValue < 0)
        {
            for (var i = 0; i < names.Count; i++)
            {
                var parts = names[i].Split("__");
                if (parts.Length < 2 || parts[^1].Equals("q", StringComparison.OrdinalIgnoreCase)) continue;
                var quality = i + 1 < names.Count && names[i + 1].EndsWith("__q", StringComparison.OrdinalIgnoreCase) ? i + 1 : -1;
                // GENESIS writes "MeasureUnitNotFound!" where a content has no unit.
                var unit = parts.Length > 2 && !parts[2].Equals("MeasureUnitNotFound!", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                // One code in two columns (61111: PREIS1__Verbraucherpreisindex__2020=100 and PREIS1__CH0004, the change
                // in %): the later column is a content of its own, named by the rest of its header.
                var code = wide.Any(w => w.Code == parts[0]) ? $"{parts[0]}_{new string(string.Join('_', parts.Skip(1)).Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray())}" : parts[0];
                wide.Add(new ValueColumn(i, code, parts[1], unit, quality));
            }
            if (wide.Count == 0)
            {
                throw new SourceFormatException(file, 1, names.Count, "keine Wertspalten: erwartet werden Spalten wie CODE__Label__Einheit (z. B. BEVSTD__Bevoelkerungsstand__Anzahl) oder eine Spalte value");
            }
        }
        else if (Find("value_variable_code") < 0)
        {
            throw new SourceFormatException(file, 1, longValue + 1, "zur Spalte value fehlt die Spalte value_variable_code");
        }

        return new Layout(germanNames, Find("Statistik_Code", "statistics_code"), timeCode, Find("Zeit_Label", "time_label"), time, groups, wide,
            longValue, Find("value_unit"), Find("value_variable_code"), Find("value_variable_label"), Find("value_q"), names.Count);
    }

    static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex(@"^GEO(DL|BL|RB|LK|KR|GM|VB)\d$")]
    private static partial Regex ZensusRegional();

    [GeneratedRegex(@"^(\d+)_(Merkmal_Code|variable_code)$", RegexOptions.IgnoreCase)]
    private static partial Regex GroupCode();
}
