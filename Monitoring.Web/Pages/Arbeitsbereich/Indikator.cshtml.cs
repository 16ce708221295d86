using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// The indicator editor: every field of a catalog entry, checked against the whole catalog with the formula errors at
/// their column, a preview of the results for the Kreis before anything is stored, and saving (stored as edited,
/// recomputed, audited).
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class IndikatorModel(Database database, IndicatorWrites indicators, HomeArea home) : PageModel
{
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty] public string NameDe { get; set; } = "";
    [BindProperty] public string NameEn { get; set; } = "";
    [BindProperty] public string Definition { get; set; } = "";
    [BindProperty] public string Field { get; set; } = "";
    [BindProperty] public string Numerator { get; set; } = "";
    [BindProperty] public string? Denominator { get; set; }
    [BindProperty] public decimal Factor { get; set; } = 100;
    [BindProperty] public string Unit { get; set; } = "%";
    [BindProperty] public int Decimals { get; set; } = 1;
    [BindProperty] public Direction Direction { get; set; } = Direction.Neutral;
    [BindProperty] public decimal? MinDenominator { get; set; }
    [BindProperty] public List<AreaLevel> Levels { get; set; } = [AreaLevel.Gemeinde, AreaLevel.Kreis, AreaLevel.Land];
    [BindProperty] public string Source { get; set; } = "";
    [BindProperty] public string? Note { get; set; }

    /// <summary>A new field of action, used when <see cref="Field"/> is <see cref="NewFieldChoice"/>: a new field only on purpose.</summary>
    [BindProperty] public string? NewField { get; set; }

    public const string NewFieldChoice = "__neu__";

    /// <summary>The fields of action the catalog has.</summary>
    public IReadOnlyList<string> Fields { get; private set; } = [];

    /// <summary>Every variable to build on, with its dimensions and values by label.</summary>
    public IReadOnlyList<IndicatorInputs.Pick> Variables { get; private set; } = [];

    /// <summary>For an indicator without values: the inputs without data, and which tables would deliver them.</summary>
    public IReadOnlyList<IndicatorInputs.Missing> Missing { get; private set; } = [];

    /// <summary>Whether the indicator has computed values.</summary>
    public bool HasValues { get; private set; }

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Result is not PageResult) return;
        var cancellationToken = HttpContext.RequestAborted;
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        Fields = catalog.Indicators.Select(i => i.Field).Distinct().Order(StringComparer.Create(GermanFormat.Culture, true)).ToList();
        Variables = await IndicatorInputs.PickerAsync(database, cancellationToken);
        if (!IsNew && catalog.Indicators.FirstOrDefault(i => i.Code == Code) is { } stored)
        {
            HasValues = (await IndicatorInputs.IndicatorsWithValuesAsync(database, cancellationToken)).Contains(stored.Code);
            if (!HasValues) Missing = IndicatorInputs.MissingInputs(stored, catalog, await IndicatorInputs.VariablesWithDataAsync(database, cancellationToken));
        }
    }

    public bool IsNew { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public IReadOnlyList<(string Area, int Year, string Value)> Preview { get; private set; } = [];

    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        IsNew = code is null;
        if (code is null) return Page();
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        if (catalog.Indicators.FirstOrDefault(i => i.Code == code) is not { } indicator) return NotFound();
        (Code, NameDe, NameEn, Definition, Field, Numerator, Denominator, Factor, Unit, Decimals, Direction, MinDenominator, Levels, Source, Note) =
            (indicator.Code, indicator.NameDe, indicator.NameEn, indicator.Definition, indicator.Field, indicator.Numerator, indicator.Denominator, indicator.Factor,
             indicator.Unit, indicator.Decimals, indicator.Direction, indicator.MinDenominator, indicator.Levels.ToList(), indicator.Source, indicator.Note);
        return Page();
    }

    Indicator Edited() => new()
    {
        Code = Code.Trim(), NameDe = NameDe, NameEn = NameEn, Definition = Definition, Field = Field == NewFieldChoice ? NewField?.Trim() ?? "" : Field, Numerator = Numerator,
        Denominator = string.IsNullOrWhiteSpace(Denominator) ? null : Denominator, Factor = Factor, Unit = Unit, Decimals = Decimals, Direction = Direction,
        MinDenominator = MinDenominator, Levels = Levels, Source = Source, Note = string.IsNullOrWhiteSpace(Note) ? null : Note,
    };

    public async Task<IActionResult> OnPostPreviewAsync([FromRoute] string? code, CancellationToken cancellationToken)
    {
        IsNew = code is null;
        var indicator = Edited();
        Errors = await indicators.CheckAsync(indicator, cancellationToken);
        if (Errors.Count > 0) return Page();
        var areas = (await database.ListCurrentAsync(cancellationToken)).ToDictionary(a => a.Id);
        var kreis = home.Find(areas.Values.ToList()).Home;
        Preview = (await IndicatorPreview.ComputeAsync(database, indicator, cancellationToken))
            .Where(v => areas.ContainsKey(v.AreaId) && (v.AreaId == kreis?.Id || (areas[v.AreaId].ParentId == kreis?.Id && !areas[v.AreaId].Level.IsAssociation())))
            .OrderByDescending(v => v.Year).ThenBy(v => areas[v.AreaId].Key, StringComparer.Ordinal).Take(30)
            .Select(v => (areas[v.AreaId].Name, v.Year, Monitoring.Core.Observations.OfficialFormat.Format(v.Value.Value, v.Value.Flags, indicator.Decimals)))
            .ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync([FromRoute] string? code, CancellationToken cancellationToken)
    {
        IsNew = code is null;
        var result = code is null
            ? await indicators.CreateAsync(User.AuditName(), Edited(), cancellationToken)
            : await indicators.UpdateAsync(User.AuditName(), code, Edited(), cancellationToken);
        if (result.IsNotFound) return NotFound();
        Errors = result.Messages;
        if (result.Succeeded) Saved = $"Gespeichert und neu berechnet: {result.Value!.Computation.Values:N0} Werte.";
        return Page();
    }
}
