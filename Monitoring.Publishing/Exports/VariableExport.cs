using System.Globalization;
using System.Text;
using Monitoring.Core.Observations;
using nietras.SeparatedValues;

namespace Monitoring.Publishing.Exports;

/// <summary>
/// A variable's stored values as a table for German Excel: CSV in UTF-8 with BOM, semicolons and decimal commas, or
/// XLSX; a value without a number carries the official symbol, the marks p r s stand in their own column; each row
/// names the run it came from. Text cells are neutralised against formula injection.
/// </summary>
public static class VariableExport
{
    static readonly string[] Header = ["Gebietsschlüssel", "Gebiet", "Zeitraum", "Merkmale", "Wert", "Zeichen", "Einheit", "Variable", "Importlauf"];

    static string Number(VariableData.Value value) =>
        value.Number is double v ? v.ToString("0.##########", Core.German.Culture) : OfficialFormat.Symbol(null, (QualityFlags)value.Flags) ?? "";

    public static void WriteCsv(Stream stream, Variable variable, IReadOnlyList<VariableData.Value> values)
    {
        using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        text.Write(string.Join(';', Header));
        text.Write('\n');
        using var writer = Sep.New(';').Writer(o => o with { Escape = true, WriteHeader = false }).To(text);
        foreach (var value in values)
        {
            using var row = writer.NewRow();
            row[Header[0]].Set(ValueExport.Neutralise(value.AreaKey));
            row[Header[1]].Set(ValueExport.Neutralise(value.AreaName));
            row[Header[2]].Set(ValueExport.Neutralise(value.Period));
            row[Header[3]].Set(ValueExport.Neutralise(value.SetKey));
            row[Header[4]].Set(Number(value));
            row[Header[5]].Set(OfficialFormat.Suffix((QualityFlags)value.Flags));
            row[Header[6]].Set(ValueExport.Neutralise(variable.Unit ?? ""));
            row[Header[7]].Set(ValueExport.Neutralise(variable.Code));
            row[Header[8]].Set(value.RunId.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static void WriteXlsx(Stream stream, Variable variable, IReadOnlyList<VariableData.Value> values)
    {
        var rows = new List<object?[]> { Header };
        rows.AddRange(values.Select(v => new object?[]
        {
            v.AreaKey, v.AreaName, v.Period, v.SetKey, v.Number is double number ? number : OfficialFormat.Symbol(null, (QualityFlags)v.Flags), OfficialFormat.Suffix((QualityFlags)v.Flags),
            variable.Unit, variable.Code, v.RunId,
        }));
        Spreadsheet.Write(stream, new Spreadsheet.Sheet(variable.Code.Length <= 31 ? variable.Code : variable.Code[..31], rows));
    }
}
