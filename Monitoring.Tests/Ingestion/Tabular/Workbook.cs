using Monitoring.Publishing.Exports;

namespace Monitoring.Tests.Ingestion.Tabular;

/// <summary>Writes small XLSX files for tests with the application's own workbook writer.</summary>
static class Workbook
{
    public static void Write(string path, string sheetName, IEnumerable<object?[]> rows)
    {
        using var file = File.Create(path);
        Spreadsheet.Write(file, new Spreadsheet.Sheet(sheetName, rows));
    }
}
