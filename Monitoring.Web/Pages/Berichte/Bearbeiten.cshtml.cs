using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Api.Reports;
using Monitoring.Api.Security;
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
public sealed class BearbeitenModel(Database database, HomeArea home) : PageModel
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
        Indicators = (await IndicatorComputation.LoadCatalogAsync(database, cancellationToken)).Indicators;
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
            Title = (title ?? "").Trim(),
            Template = template ?? "",
            ReportingDate = date,
            Areas = areas,
            Goals = goals,
            Indicators = indicators,
            Introduction = string.IsNullOrWhiteSpace(introduction) ? null : introduction.Trim(),
            Commentary = (commentary ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value.Trim()),
        };
        var errors = await ReportEndpoints.ValidateAsync(database, definition, cancellationToken);
        if (errors.Count > 0)
        {
            await LoadChoicesAsync(cancellationToken);
            (Id, Definition) = (id, definition);
            Errors = errors.Keys.Select(German).ToList();
            return Page();
        }
        if (id is int existing)
        {
            if (!await database.UpdateReportAsync(existing, definition, User.AuditName(), cancellationToken)) return NotFound();
            return Redirect($"/Berichte/{existing}");
        }
        return Redirect($"/Berichte/{await database.CreateReportAsync(definition, User.AuditName(), cancellationToken)}");
    }

    public async Task<IActionResult> OnPostPublishAsync(int id, CancellationToken cancellationToken) =>
        await database.PublishAsync(id, User.AuditName(), cancellationToken, home) is null ? NotFound() : Redirect($"/Berichte/{id}");

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken) =>
        await database.DeleteReportAsync(id, User.AuditName(), cancellationToken) switch
        {
            ReportQueries.DeleteResult.Deleted => Redirect("/Berichte"),
            ReportQueries.DeleteResult.Published => StatusCode(StatusCodes.Status409Conflict),
            _ => NotFound(),
        };

    static string German(string field) => field switch
    {
        "title" => "Bitte einen Titel angeben (höchstens 300 Zeichen).",
        "template" => "Bitte eine Vorlage wählen.",
        "reportingDate" => "Bitte einen Berichtsstand als Datum angeben.",
        "areas" => $"Bitte höchstens {ReportDefinition.MaxAreas} bekannte Gebiete wählen.",
        "goals" => "Ein gewähltes Ziel gibt es nicht mehr.",
        "indicators" => "Ein gewählter Indikator steht nicht im Katalog.",
        "commentary" => $"Ein Kommentar ist länger als {ReportDefinition.MaxCommentaryLength} Zeichen.",
        "introduction" => "Die Einleitung ist zu lang (höchstens 20.000 Zeichen).",
        _ => "Bitte die Eingaben prüfen.",
    };
}
