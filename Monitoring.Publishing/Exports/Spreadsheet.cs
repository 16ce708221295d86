using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Monitoring.Publishing.Exports;

/// <summary>
/// Writes XLSX workbooks: numbers as numeric cells, everything else as inline strings. A string cell is never
/// evaluated by Excel, so text beginning with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> cannot become a formula.
/// </summary>
public static class Spreadsheet
{
    public sealed record Sheet(string Name, IEnumerable<object?[]> Rows);

    public static void Write(Stream stream, params Sheet[] sheets)
    {
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var list = workbook.Workbook.AppendChild(new Sheets());
        uint id = 1;
        foreach (var sheet in sheets)
        {
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var values in sheet.Rows)
            {
                var row = new Row();
                foreach (var value in values)
                {
                    row.Append(value switch
                    {
                        null => new Cell(),
                        double or int or long or decimal => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)) },
                        _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value.ToString()!) { Space = SpaceProcessingModeValues.Preserve }) },
                    });
                }
                data.Append(row);
            }
            worksheet.Worksheet = new Worksheet(data);
            list.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = id++, Name = sheet.Name });
        }
        workbook.Workbook.Save();
    }
}
