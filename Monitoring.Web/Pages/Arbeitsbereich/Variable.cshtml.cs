using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;
using Monitoring.Publishing.Exports;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// The raw data of one variable: a table of areas × years (one per dimension combination) with the official symbols
/// and flags, the runs and sources it came from, a chart, and the values as CSV or XLSX.
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class VariableModel(Database database, HomeArea home) : PageModel
{
    public Variable Variable { get; private set; } = null!;

    public IReadOnlyList<VariableData.Value> Values { get; private set; } = [];

    public IReadOnlyList<VariableData.Run> Runs { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    /// <summary>The dimension combinations, "" (no breakdown) first.</summary>
    public IReadOnlyList<string> Sets { get; private set; } = [];

    /// <summary>Up to six areas with a total, for the chart.</summary>
    public string ChartAreas { get; private set; } = "";

    public int Decimals { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, string? format, CancellationToken cancellationToken)
    {
        if (await VariableData.FindAsync(database, code, cancellationToken) is not { } variable) return NotFound();
        Variable = variable;
        var (homeArea, land) = home.Find(await database.ListCurrentAsync(cancellationToken));
        Values = await VariableData.ValuesAsync(database, variable.Id, homeArea?.Key ?? home.Key, land?.Key, cancellationToken);
        if (format is "csv" or "xlsx")
        {
            var stream = new MemoryStream();
            if (format == "csv") VariableExport.WriteCsv(stream, variable, Values);
            else VariableExport.WriteXlsx(stream, variable, Values);
            stream.Position = 0;
            return File(stream, format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{variable.Code}.{format}");
        }
        Runs = await VariableData.RunsAsync(database, variable.Id, cancellationToken);
        Years = Values.Select(v => v.Year).Distinct().Order().ToList();
        Sets = Values.Select(v => v.SetKey).Distinct().OrderBy(s => s.Length == 0 ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal).ToList();
        Decimals = Values.Any(v => v.Number is double n && n != Math.Round(n)) ? 1 : 0;
        ChartAreas = string.Join(",", Values.Where(v => v.SetKey.Length == 0).Select(v => v.AreaKey).Distinct().Take(6));
        // The first value of an area, year and combination (a year has one period for annual data).
        cells = Values.GroupBy(v => (v.AreaKey, v.Year, v.SetKey)).ToDictionary(g => g.Key, g => g.First());
        return Page();
    }

    Dictionary<(string Area, int Year, string Set), VariableData.Value> cells = [];

    /// <summary>The cell of an area, year and combination as printed: number, symbol, marks.</summary>
    public string Cell(string area, int year, string set) =>
        cells.TryGetValue((area, year, set), out var value) ? OfficialFormat.Format(value.Number, (QualityFlags)value.Flags, Decimals) : "";
}
