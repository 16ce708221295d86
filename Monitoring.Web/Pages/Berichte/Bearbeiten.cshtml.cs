using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Changes;
using Monitoring.Http.Security;
using Monitoring.Core.Areas;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Reports;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Berichte;

/// <summary>
/// The report builder: title, template, reporting date, areas, goals, indicators and a commentary per indicator.
/// Empty choices mean the template's (the Kreis and its Land; all goals; every indicator with values).
/// </summary>
[Authorize(Policy = "Role:Editor")]
public sealed class BearbeitenModel(Database database, ReportWrites reports, HomeArea home) : PageModel
{
    public int? Id { get; private set; }

    public ReportDefinition Definition { get; private set; } = new();

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public IReadOnlyList<Goal> Goals { get; private set; } = [];

    public IReadOnlyList<Indicator> Indicators { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        var areas = await database.ListCurrentAsync(cancellationToken);
        var (kreis, land) = AreaNode.Home(areas, home);
        Areas = areas.Where(a => a.Id == kreis?.Id || a.Id == land?.Id || (kreis is not null && a.ParentId == kreis.Id && !a.Level.IsAssociation()))
            .OrderBy(a => a.Level).ThenBy(a => a.Name, StringComparer.Create(GermanFormat.Culture, false)).ToList();
        Goals = await database.ListGoalsAsync(cancellationToken);
        Indicators = (await CatalogStore.LoadAsync(database, cancellationToken)).Indicators;
    }

    public async Task<IActionResult> OnGetAsync(int? id, [FromQuery(Name = "vorlage")] string? template, CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(cancellationToken);
        if (id is int existing)
        {
            if (await database.FindReportAsync(existing, cancellationToken) is not { } report) return NotFound();
            (Id, Definition) = (existing, report.Definition);
            return Page();
        }
        var chosen = template == ReportTemplates.Zielerreichung ? ReportTemplates.Zielerreichung : ReportTemplates.Integrationsbericht;
        var today = DateOnly.FromDateTime(DateTime.Today);
        Definition = new ReportDefinition
        {
            Template = chosen,
            Title = chosen == ReportTemplates.Zielerreichung ? "Zielerreichung auf einen Blick" : $"Integrationsbericht {today.Year.ToString(CultureInfo.InvariantCulture)}",
            ReportingDate = today,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, string? title, string? template, string? reportingDate, string[] areas, int[] goals, string[] indicators,
        string? introduction, Dictionary<string, string>? commentary, CancellationToken cancellationToken)
    {
        DateOnly.TryParseExact(reportingDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        var definition = new ReportDefinition
        {
            Title = title ?? "",
            Template = template ?? "",
            ReportingDate = date,
            Areas = areas,
            Goals = goals,
            Indicators = indicators,
            Introduction = introduction,
            Commentary = commentary ?? [],
        };
        var result = id is int existing
            ? await reports.UpdateAsync(User.AuditName(), existing, definition, cancellationToken)
            : await reports.CreateAsync(User.AuditName(), definition, cancellationToken);
        if (result.IsNotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/Berichte/{result.Value}");
        await LoadChoicesAsync(cancellationToken);
        (Id, Definition) = (id, definition);
        Errors = result.Messages.ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(int id, CancellationToken cancellationToken) =>
        (await reports.PublishAsync(User.AuditName(), id, cancellationToken)).Succeeded ? Redirect($"/Berichte/{id}") : NotFound();

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken) =>
        (await reports.DeleteAsync(User.AuditName(), id, cancellationToken)).Outcome switch
        {
            WriteOutcome.Done => Redirect("/Berichte"),
            WriteOutcome.Conflict => StatusCode(StatusCodes.Status409Conflict),
            _ => NotFound(),
        };
}
