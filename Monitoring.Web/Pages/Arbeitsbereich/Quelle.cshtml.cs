using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Storage;
using Monitoring.Http.Security;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// One data source, kept for years: its kind, mapping and values; schedule, reject threshold and whether it runs; the
/// next file (which also changes the mapping); its runs; deleting it, which asks for confirmation when it holds data.
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class QuelleModel(Database database, SourceWrites sources) : PageModel
{
    public DataSource Source { get; private set; } = null!;

    public DataSourceQueries.Usage Usage { get; private set; } = null!;

    public IReadOnlyList<ImportRuns.RunSummary> Runs { get; private set; } = [];

    public DateTime? NextRun { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Set when a delete waits for its confirmation (the source has data).</summary>
    public string? ConfirmDelete { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Schedule (cron), reject threshold in percent, enabled.</summary>
    public async Task<IActionResult> OnPostSettingsAsync(int id, string? schedule, double? rejectPercent, bool enabled, CancellationToken cancellationToken)
    {
        var result = await sources.UpdateAsync(User.AuditName(), id,
            new SourceChange(Schedule: schedule ?? "", Enabled: enabled, RejectThreshold: rejectPercent is { } percent ? percent / 100 : null), cancellationToken);
        if (result.IsNotFound) return NotFound();
        if (result.Succeeded) return Redirect($"/Arbeitsbereich/Quellen/{id}");
        Message = string.Join(" ", result.Messages);
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, bool confirmed, CancellationToken cancellationToken)
    {
        var result = await sources.DeleteAsync(User.AuditName(), id, confirmed, cancellationToken);
        if (result.IsNotFound) return NotFound();
        if (result.Succeeded) return Redirect("/Arbeitsbereich");
        await LoadAsync(id, cancellationToken);
        ConfirmDelete = string.Join(" ", result.Messages);
        return Page();
    }

    async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await database.FindSourceAsync(id, cancellationToken) is not { } source) return false;
        Source = source;
        Usage = await DataSourceQueries.UsageAsync(database, id, cancellationToken);
        Runs = await database.ListRunsOfSourceAsync(id, 20, cancellationToken);
        NextRun = SourceSchedules.NextRun(source);
        return true;
    }
}
