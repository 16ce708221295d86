using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Api.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Areas;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Ziele;

/// <summary>The goal editor for Editors: Leitziele, Handlungsziele and their indicator targets, every change in the audit log.</summary>
[Authorize(Policy = "Role:Editor")]
public sealed class BearbeitenModel(Database database, HomeArea home) : PageModel
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
        Indicators = (await IndicatorComputation.LoadCatalogAsync(database, cancellationToken)).Indicators.OrderBy(i => i.NameDe, StringComparer.Create(GermanFormat.Culture, false)).ToList();
        Areas = home.Neighbourhood(await database.ListCurrentAsync(cancellationToken)).Where(a => a.Level is AreaLevel.Kreis or AreaLevel.Gemeinde or AreaLevel.Land).ToList();
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostGoalAsync(int? parentId, string? title, string? field, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(field) || title.Length > 400 || field.Length > 100)
        {
            Message = "Bitte Titel (höchstens 400 Zeichen) und Handlungsfeld angeben.";
        }
        else if (parentId is int parent && await database.FindGoalAsync(parent, cancellationToken) is not { ParentId: null })
        {
            Message = "Handlungsziele stehen unter einem Leitziel.";
        }
        if (Message is not null)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        var id = await database.CreateGoalAsync(parentId, title!.Trim(), field!.Trim(), cancellationToken: cancellationToken);
        await database.WriteAsync(User.AuditName(), "goal.create", "goal", id.ToString(GermanFormat.Culture), null, await database.FindGoalAsync(id, cancellationToken), cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTargetAsync(int goalId, string? indicator, string? areaKey, int baselineYear, int targetYear, string? targetValue,
        Direction direction, string? department, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        double? value = null;
        if (!string.IsNullOrWhiteSpace(targetValue))
        {
            if (double.TryParse(targetValue, System.Globalization.NumberStyles.Float, GermanFormat.Culture, out var parsed)) value = parsed;
            else Message = "Der Zielwert ist eine Zahl im deutschen Format, z. B. 12,5.";
        }
        if (Goals.FirstOrDefault(g => g.Id == goalId) is not { ParentId: not null }) Message = "Zielwerte gehören zu einem Handlungsziel.";
        if (Indicators.All(i => i.Code != indicator)) Message = "Bitte einen Indikator wählen.";
        if (Areas.All(a => a.Key != areaKey)) Message = "Bitte ein Gebiet wählen.";
        if (baselineYear is < 1990 or > 2100 || targetYear <= baselineYear || targetYear > 2100) Message = "Das Zieljahr liegt nach dem Basisjahr (1990 bis 2100).";
        if (direction is not (Direction.Up or Direction.Down)) Message = "Bitte die gewünschte Richtung wählen.";
        if (Message is not null) return Page();

        var id = await database.CreateTargetAsync(goalId, indicator!, areaKey!, new Target(baselineYear, value, targetYear, direction), department, cancellationToken);
        await database.WriteAsync(User.AuditName(), "target.create", "target", id.ToString(GermanFormat.Culture), null, await database.FindTargetAsync(id, cancellationToken), cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteTargetAsync(int id, CancellationToken cancellationToken)
    {
        if (await database.FindTargetAsync(id, cancellationToken) is { } before)
        {
            await database.DeleteTargetAsync(id, cancellationToken);
            await database.WriteAsync(User.AuditName(), "target.delete", "target", id.ToString(GermanFormat.Culture), before, null, cancellationToken);
        }
        return RedirectToPage();
    }
}
