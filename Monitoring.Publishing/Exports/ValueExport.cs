using System.Globalization;
using System.Text;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using nietras.SeparatedValues;

namespace Monitoring.Publishing.Exports;

/// <summary>
/// Indicator values as a table for German Excel: CSV in UTF-8 with BOM, semicolons and decimal commas, or XLSX;
/// figures without a number carry the official symbol, the quality marks ( ) p r s | stand in their own column so that
/// numbers stay numbers. Text cells are neutralised against formula injection.
/// </summary>
public static class ValueExport
{

    static readonly string[] Header = ["Gebietsschlüssel", "Gebiet", "Jahr", "Wert", "Zeichen", "Zähler", "Nenner", "Einheit", "Indikator"];

    /// <summary>
    /// Text a spreadsheet would read as a formula (it begins with = + - @, a tab or a carriage return) gets a leading
    /// apostrophe. The official symbols "-" and "..." are left as they are: alone they are no formula.
    /// </summary>
    public static string Neutralise(string text) =>
        text.Length > 0 && "=+-@\t\r".Contains(text[0]) && text is not ("-" or "...") ? "'" + text : text;

    static string Marks(QualityFlags flags, double? value) =>
        value is null ? "" : ((flags.HasFlag(QualityFlags.LimitedReliability) || flags.HasFlag(QualityFlags.Unreliable) ? "( )" : "")
            + OfficialFormat.Suffix(flags) + (flags.HasFlag(QualityFlags.SeriesBreak) ? "|" : ""));

    public static void WriteCsv(Stream stream, Indicator indicator, IReadOnlyList<IndicatorValue> values)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        using var writer = Sep.New(';').Writer(o => o with { Escape = true }).To(text);
        foreach (var value in values)
        {
            using var row = writer.NewRow();
            row[Header[0]].Set(Neutralise(value.AreaKey));
            row[Header[1]].Set(Neutralise(value.AreaName));
            row[Header[2]].Set(value.Year.ToString(CultureInfo.InvariantCulture));
            row[Header[3]].Set(value.Value is double v ? v.ToString("0.##########", Core.German.Culture) : OfficialFormat.Symbol(value.Value, value.Flags)!);
            row[Header[4]].Set(Marks(value.Flags, value.Value));
            row[Header[5]].Set(value.Numerator?.ToString("0.##########", Core.German.Culture) ?? "");
            row[Header[6]].Set(value.Denominator?.ToString("0.##########", Core.German.Culture) ?? "");
            row[Header[7]].Set(Neutralise(indicator.Unit));
            row[Header[8]].Set(Neutralise(indicator.NameDe));
        }
        if (values.Count == 0)
        {
            // Sep writes the header with the first row; an empty result still names its columns.
            text.Write(string.Join(';', Header));
            text.Write('\n');
        }
    }

    public static void WriteXlsx(Stream stream, Indicator indicator, IReadOnlyList<IndicatorValue> values, IReadOnlyList<SourceFile> sources)
    {
        var rows = new List<object?[]> { Header };
        rows.AddRange(values.Select(v => new object?[]
        {
            v.AreaKey, v.AreaName, v.Year, v.Value is double number ? number : OfficialFormat.Symbol(v.Value, v.Flags), Marks(v.Flags, v.Value),
            v.Numerator, v.Denominator, indicator.Unit, indicator.NameDe,
        }));
        var about = new List<object?[]>
        {
            new object?[] { "Indikator", indicator.NameDe },
            new object?[] { "Definition", indicator.Definition },
            new object?[] { "Formel", indicator.Denominator is null ? indicator.Numerator : $"{indicator.Numerator} / {indicator.Denominator} × {indicator.Factor}" },
            new object?[] { "Quelle", $"{indicator.Source}; eigene Berechnung" },
            new object?[] { },
            new object?[] { "Zeichen", "Bedeutung" },
        };
        about.AddRange(OfficialFormat.Legend.Select(l => new object?[] { l.Symbol, l.Meaning }));
        about.Add([]);
        about.Add(["Importlauf", "Datenquelle", "Datei"]);
        about.AddRange(sources.Select(s => new object?[] { s.RunId, s.Source, s.FileName }));
        Spreadsheet.Write(stream, new Spreadsheet.Sheet("Werte", rows), new Spreadsheet.Sheet("Erläuterungen", about));
    }
}
