namespace Monitoring.Core.Reports;

/// <summary>The two report templates: the full report across all fields of action, and the one page of target statuses.</summary>
public static class ReportTemplates
{
    public const string Integrationsbericht = "Integrationsbericht";
    public const string Zielerreichung = "Zielerreichung";

    public static readonly IReadOnlyList<string> All = [Integrationsbericht, Zielerreichung];

    public static string Title(string template) => template == Zielerreichung ? "Zielerreichung auf einen Blick" : "Integrationsbericht";
}

/// <summary>
/// What an Editor composes: empty lists mean the template's choice (areas: the Kreis and its Land; goals: all;
/// indicators: every indicator with values, or, when goals are chosen, the indicators of their targets).
/// </summary>
public sealed record ReportDefinition
{
    public string Title { get; init; } = "";
    public string Template { get; init; } = ReportTemplates.Integrationsbericht;
    public DateOnly ReportingDate { get; init; }
    public IReadOnlyList<string> Areas { get; init; } = [];
    public IReadOnlyList<int> Goals { get; init; } = [];
    public IReadOnlyList<string> Indicators { get; init; } = [];
    public string? Introduction { get; init; }

    /// <summary>A short commentary per indicator code, printed under its chart.</summary>
    public IReadOnlyDictionary<string, string> Commentary { get; init; } = new Dictionary<string, string>();

    public const int MaxAreas = 6;
    public const int MaxCommentaryLength = 4000;

    /// <summary>Field → message (in German), for problem details; empty when the definition can be saved.</summary>
    public IReadOnlyDictionary<string, string> Validate(IReadOnlySet<string> indicatorCodes)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 300) errors["title"] = "Bitte einen Titel angeben (höchstens 300 Zeichen).";
        if (!ReportTemplates.All.Contains(Template)) errors["template"] = $"Unbekannte Vorlage „{Template}“; möglich sind {string.Join(" und ", ReportTemplates.All)}.";
        if (ReportingDate == default) errors["reportingDate"] = "Ein Bericht braucht einen Berichtsstand.";
        if (Areas.Count > MaxAreas) errors["areas"] = $"Höchstens {MaxAreas} Gebiete passen in ein Diagramm und eine Tabelle.";
        if (Indicators.FirstOrDefault(c => !indicatorCodes.Contains(c)) is { } unknown) errors["indicators"] = $"Unbekannter Indikator „{unknown}“.";
        if (Commentary.FirstOrDefault(c => !indicatorCodes.Contains(c.Key)) is { Key: not null } stray) errors["commentary"] = $"Kommentar zum unbekannten Indikator „{stray.Key}“.";
        else if (Commentary.FirstOrDefault(c => c.Value.Length > MaxCommentaryLength) is { Key: not null } longOne) errors["commentary"] = string.Create(German.Culture, $"Der Kommentar zu „{longOne.Key}“ ist länger als {MaxCommentaryLength:N0} Zeichen.");
        if (Introduction is { Length: > 20_000 }) errors["introduction"] = "Die Einleitung ist länger als 20.000 Zeichen.";
        return errors;
    }
}
