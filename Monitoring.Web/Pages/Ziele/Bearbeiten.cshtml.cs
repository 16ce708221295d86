using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Core.Areas;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Ziele;

/// <summary>The goal editor for Editors: Leitziele, Handlungsziele and their indicator targets, every change in the audit log.</summary>
[Authorize(Policy = "Role:Editor")]
public sealed class BearbeitenModel(Database database, GoalWrites goals, HomeArea home) : PageModel
{
    public IReadOnlyList<Goal> Goals { get; private set; } = [];

    public ILookup<int, TargetRow> TargetsOfGoal { get; private set; } = Enumerable.Empty<TargetRow>().ToLookup(t => 0);

    public IReadOnlyList<Indicator> Indicators { get; private set; } = [];

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public string? Message { get; private set; }

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        Goals = await database.ListGoalsAsync(cancellationToken);
        TargetsOfGoal = (await database.TargetStatusesAsync(cancellationToken)).Select(t => t.Target).ToLookup(t => t.GoalId);
        Indicators = (await CatalogStore.LoadAsync(database, cancellationToken)).Indicators.OrderBy(i => i.NameDe, StringComparer.Create(GermanFormat.Culture, false)).ToList();
        Areas = home.Neighbourhood(await database.ListCurrentAsync(cancellationToken)).Where(a => a.Level is AreaLevel.Kreis or AreaLevel.Gemeinde or AreaLevel.Land).ToList();
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostGoalAsync(int? parentId, string? title, string? field, CancellationToken cancellationToken)
    {
        var result = await goals.CreateGoalAsync(User.AuditName(), new GoalDraft(parentId, title, field, null), cancellationToken);
        if (result.Succeeded) return RedirectToPage();
        Message = string.Join(" ", result.Messages);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostTargetAsync(int goalId, string? indicator, string? areaKey, int baselineYear, int targetYear, string? targetValue,
        Direction direction, string? department, CancellationToken cancellationToken)
    {
        double? value = null;
        // The form's own part: the target value as typed in German notation; every rule is the Core's.
        if (!string.IsNullOrWhiteSpace(targetValue))
        {
            if (double.TryParse(targetValue, System.Globalization.NumberStyles.Float, GermanFormat.Culture, out var parsed)) value = parsed;
            else Message = "Der Zielwert ist eine Zahl im deutschen Format, z. B. 12,5.";
        }
        if (Message is null)
        {
            var result = await goals.CreateTargetAsync(User.AuditName(), goalId, new TargetDraft(indicator, areaKey, baselineYear, targetYear, value, direction, department, null), cancellationToken);
            if (result.Succeeded) return RedirectToPage();
            Message = result.IsNotFound ? "Das Ziel gibt es nicht mehr." : string.Join(" ", result.Messages);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteTargetAsync(int id, CancellationToken cancellationToken)
    {
        await goals.DeleteTargetAsync(User.AuditName(), id, cancellationToken);
        return RedirectToPage();
    }
}
