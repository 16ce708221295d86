using System.Globalization;
using System.Text.RegularExpressions;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Core.Reports;

namespace Monitoring.Publishing.Reports;

public abstract record Block;

/// <summary>The first page: title, what the report covers, and the "Beispieldaten" note when it holds synthetic numbers.</summary>
public sealed record TitleBlock(string Title, string Subtitle, IReadOnlyList<(string Label, string Value)> Facts, string? Notice) : Block;

public sealed record ContentsBlock : Block;

public sealed record HeadingBlock(int Level, string Text, string Anchor) : Block;

public enum TextKind { Body, Small, Strong, Notice }

public sealed record TextBlock(string Text, TextKind Kind = TextKind.Body) : Block;

public sealed record TableColumn(string Header, double Width, bool Numeric = false);

/// <summary>A table cell; a status cell carries its colour beside the label, never instead of it.</summary>
public sealed record TableCell(string Text, ProgressStatus? Status = null)
{
    public static implicit operator TableCell(string text) => new(text);
}

public sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<TableCell>> Rows) : Block;

public sealed record ChartBlock(ReportSection Section, string Description) : Block;

public sealed record PageBreakBlock : Block;

/// <summary>
/// What a report prints, in order, composed once from the frozen document; the PDF, Word and HTML writers only draw
/// these blocks, so the three outputs never disagree.
/// </summary>
public sealed partial record ReportLayout(ReportDocument Document, bool Landscape, IReadOnlyList<Block> Blocks)
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public const string SampleNotice = "Beispieldaten: Die Zahlen dieses Berichts sind synthetisch erzeugt und keine amtlichen Statistiken.";

    /// <summary>Footer line: title and edition, or "Entwurf" for a preview of an unpublished report.</summary>
    public string Footer => $"{Document.Title} · {Edition(Document)}";

    public static ReportLayout Compose(ReportDocument document) =>
        document.Template == ReportTemplates.Zielerreichung
            ? new ReportLayout(document, true, AtAGlance(document))
            : new ReportLayout(document, false, FullReport(document));

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", Core.German.Culture);

    public static string Date(DateTime? utc) =>
        utc is { } value ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), Berlin).ToString("dd.MM.yyyy", Core.German.Culture) : "–";

    public static string Edition(ReportDocument document) =>
        document.Edition is { } edition ? $"Ausgabe {edition} vom {Date(document.PublishedAt)}" : "Entwurf, nicht veröffentlicht";

    static List<Block> FullReport(ReportDocument document)
    {
        var blocks = new List<Block>
        {
            new TitleBlock(document.Title, ReportTemplates.Title(document.Template), Facts(document), document.SampleData ? SampleNotice : null),
            new ContentsBlock(),
        };
        var chapter = 0;
        Block Chapter(string title) => new HeadingBlock(1, $"{++chapter} {title}", $"k{chapter}");

        blocks.Add(Chapter("Einleitung"));
        foreach (var paragraph in Paragraphs(document.Introduction)) blocks.Add(new TextBlock(paragraph));
        blocks.Add(new TextBlock(
            $"Der Bericht zeigt die Indikatoren des Integrationsmonitorings für {string.Join(", ", document.Areas.Select(a => a.Name))}. " +
            $"Stand der Daten ist der {Date(document.DataStatus)}; die Zahlen sind mit der Veröffentlichung eingefroren und ändern sich durch spätere Datenlieferungen nicht. " +
            "Die Zeichen der amtlichen Statistik sind im Anhang erklärt."));
        if (document.SampleData) blocks.Add(new TextBlock(SampleNotice, TextKind.Notice));

        if (document.Targets.Count > 0)
        {
            blocks.Add(Chapter("Zielerreichung im Überblick"));
            blocks.Add(new TextBlock(StatusSummary(document.Targets)));
            blocks.Add(TargetTable(document.Targets, landscape: false));
        }

        if (document.Changes.Count > 0)
        {
            blocks.Add(Chapter($"Änderungen seit Ausgabe {document.Edition - 1}"));
            blocks.AddRange(ChangeBlocks(document.Changes));
        }

        foreach (var field in document.Sections.GroupBy(s => s.Indicator.Field))
        {
            blocks.Add(new PageBreakBlock());
            blocks.Add(Chapter(field.Key));
            var number = 0;
            foreach (var section in field)
            {
                var indicator = section.Indicator;
                blocks.Add(new HeadingBlock(2, $"{chapter}.{++number} {indicator.NameDe}", $"i-{indicator.Code}"));
                blocks.Add(new TextBlock(indicator.Definition));
                if (section.Values.Any(v => v.Value is not null))
                {
                    blocks.Add(new ChartBlock(section, $"Diagramm: {indicator.NameDe} in {indicator.Unit}, {string.Join(", ", AreasOf(document, section))}; die Werte stehen in der Tabelle."));
                }
                blocks.Add(ValueTable(document, section));
                foreach (var target in document.Targets.Where(t => t.IndicatorCode == indicator.Code))
                {
                    blocks.Add(new TableBlock([new TableColumn("Ziel", 3), new TableColumn("Stand", 1.3)],
                        [[$"{target.Goal} ({target.Area}): {TargetText(target)}. {target.Reason}", new TableCell(target.Status.Label(), target.Status)]]));
                }
                if (!string.IsNullOrWhiteSpace(section.Commentary))
                {
                    blocks.Add(new TextBlock("Kommentar", TextKind.Strong));
                    blocks.AddRange(Paragraphs(section.Commentary).Select(p => new TextBlock(p)));
                }
                blocks.Add(new TextBlock($"Quelle: {indicator.Source}; eigene Berechnung.", TextKind.Small));
            }
        }

        blocks.Add(new PageBreakBlock());
        blocks.Add(Chapter("Methodik und Quellen"));
        var appendix = chapter;
        blocks.Add(new HeadingBlock(2, $"{appendix}.1 Indikatoren", "m-indikatoren"));
        foreach (var section in document.Sections)
        {
            var indicator = section.Indicator;
            blocks.Add(new TextBlock($"{indicator.NameDe} ({indicator.Code})", TextKind.Strong));
            blocks.Add(new TextBlock(indicator.Definition));
            blocks.Add(new TextBlock("Berechnung: " + InWords(indicator, document.VariableLabels), TextKind.Small));
            blocks.Add(new TextBlock(
                $"Einheit: {indicator.Unit}, {(indicator.Decimals == 1 ? "eine Nachkommastelle" : $"{indicator.Decimals} Nachkommastellen")}; gewünschte Richtung: {indicator.Direction.German()}" +
                (indicator.MinDenominator is { } min ? $"; unter einer Basis von {min.ToString("N0", Core.German.Culture)} gilt ein Wert als unsicher" : "") +
                $". Quelle: {indicator.Source}." + (indicator.Note is { } note ? " " + note : ""), TextKind.Small));
        }
        blocks.Add(new HeadingBlock(2, $"{appendix}.2 Bewertung der Zielerreichung", "m-bewertung"));
        blocks.Add(new TextBlock(
            "Der Stand eines Ziels folgt dem Verfahren von Open SDG: Das jährliche Wachstum seit dem Basisjahr (geschätzt als log-linearer Trend über alle Jahre, " +
            "nicht nur aus zwei Endpunkten) wird mit dem Wachstum verglichen, das der Zielwert verlangt. Ab 95 % des nötigen Tempos ist ein Ziel auf Kurs, " +
            "ab 60 % leicht und ab 0 % deutlich abweichend; ein Trend gegen die gewünschte Richtung entfernt sich vom Ziel. Ohne Zielwert zählt die Richtung " +
            "(auf Kurs ab 1,5 % pro Jahr, leichte Abweichung ab 0,5 %). Eine lineare Trendfortschreibung schätzt den Wert im Zieljahr mit einem 90-%-Vorhersageintervall. " +
            "Mit weniger als drei Jahren seit dem Basisjahr oder einem Zeitreihenbruch gilt: zu wenige Daten."));
        blocks.Add(new HeadingBlock(2, $"{appendix}.3 Zeitreihenbrüche", "m-brueche"));
        var breaks = document.Sections.Where(s => s.Breaks.Count > 0).ToList();
        blocks.Add(breaks.Count == 0
            ? new TextBlock("Die Zeitreihen dieses Berichts haben keine Brüche.")
            : new TableBlock([new TableColumn("Indikator", 3), new TableColumn("Bruch ab", 1)],
                breaks.Select(s => (IReadOnlyList<TableCell>)[s.Indicator.NameDe, string.Join(", ", s.Breaks)]).ToList()));
        blocks.Add(new TextBlock("Ein Trend oder Zielstand wird nie über einen Bruch hinweg berechnet; in den Tabellen steht vor dem ersten Wert nach einem Bruch das Zeichen |.", TextKind.Small));
        blocks.Add(new HeadingBlock(2, $"{appendix}.4 Zeichenerklärung", "m-zeichen"));
        blocks.Add(new TableBlock([new TableColumn("Zeichen", 1), new TableColumn("Bedeutung", 5)],
            OfficialFormat.Legend.Select(l => (IReadOnlyList<TableCell>)[l.Symbol, l.Meaning]).ToList()));
        blocks.Add(new HeadingBlock(2, $"{appendix}.5 Datengrundlage", "m-daten"));
        blocks.Add(document.Sources.Count == 0
            ? new TextBlock("Keine Datenlieferungen.")
            : new TableBlock([new TableColumn("Quelle", 3), new TableColumn("Datei", 3), new TableColumn("Importiert am", 1.2)],
                document.Sources.Select(s => (IReadOnlyList<TableCell>)[s.Source, s.FileName ?? "–", Date(s.FinishedAt)]).ToList()));
        return blocks;
    }

    static List<Block> AtAGlance(ReportDocument document)
    {
        var blocks = new List<Block>
        {
            new HeadingBlock(1, document.Title, "titel"),
            new TextBlock(string.Join(" · ", Facts(document).Select(f => $"{f.Label}: {f.Value}")), TextKind.Small),
        };
        if (document.SampleData) blocks.Add(new TextBlock(SampleNotice, TextKind.Notice));
        blocks.Add(new TextBlock(document.Targets.Count == 0 ? "Für diese Auswahl sind keine Ziele hinterlegt." : StatusSummary(document.Targets)));
        if (document.Targets.Count > 0) blocks.Add(TargetTable(document.Targets, landscape: true));
        var statusChanges = document.Changes.Where(c => c.Kind == ChangeKind.StatusChanged).ToList();
        if (document.Changes.Count > 0)
        {
            blocks.Add(new TextBlock($"Seit Ausgabe {document.Edition - 1}: {document.Changes.Count} Änderungen" +
                (statusChanges.Count == 0 ? ", kein Zielstand geändert." : ": " + string.Join("; ", statusChanges.Select(c => $"{c.Indicator} ({c.Area}) {c.Before} → {c.After}")) + "."), TextKind.Small));
        }
        blocks.Add(new TextBlock("Stand nach dem Verfahren von Open SDG: Trend seit dem Basisjahr gegen das für den Zielwert nötige Tempo (auf Kurs ab 95 %, leichte Abweichung ab 60 %). " +
            "Zeichen: " + string.Join(" · ", OfficialFormat.Legend.Select(l => $"{l.Symbol} {l.Meaning}")) + ".", TextKind.Small));
        return blocks;
    }

    static IReadOnlyList<(string Label, string Value)> Facts(ReportDocument document) =>
    [
        ("Gebiete", string.Join(", ", document.Areas.Select(a => a.Name))),
        ("Berichtsstand", Date(document.ReportingDate)),
        ("Stand der Daten", Date(document.DataStatus)),
        ("Ausgabe", document.Edition is { } edition ? $"{edition} vom {Date(document.PublishedAt)}" : "Entwurf, nicht veröffentlicht"),
    ];

    static string StatusSummary(IReadOnlyList<ReportTarget> targets) =>
        $"{targets.Count} Ziele: " + string.Join(", ", Enum.GetValues<ProgressStatus>()
            .Select(s => (Status: s, Count: targets.Count(t => t.Status == s))).Where(s => s.Count > 0).Select(s => $"{s.Count} {s.Status.Label()}")) + ".";

    /// <summary>Landscape (the one-pager) has room for the field and the indicator in columns of their own; portrait puts the indicator under the goal.</summary>
    static TableBlock TargetTable(IReadOnlyList<ReportTarget> targets, bool landscape)
    {
        List<TableColumn> columns = landscape
            ? [new TableColumn("Handlungsfeld", 1.6), new TableColumn("Ziel", 2.6), new TableColumn("Indikator", 2.4)]
            : [new TableColumn("Ziel und Indikator", 4)];
        columns.AddRange([new TableColumn("Gebiet", 1.3), new TableColumn("Basiswert", 1.15, true), new TableColumn("Aktuell", 1.15, true), new TableColumn("Zielwert", 1.15, true),
            new TableColumn("Stand", 1.8)]);
        return new TableBlock(columns, targets.Select(t =>
        {
            List<TableCell> row = landscape ? [t.Field, t.Goal, $"{t.Indicator} ({t.Unit})"] : [$"{t.Goal}\nIndikator: {t.Indicator} ({t.Unit})"];
            row.AddRange([t.Area,
                $"{Number(t.BaselineValue, t.Decimals)} ({t.BaselineYear})",
                t.LatestYear is { } year ? $"{Number(t.Latest, t.Decimals)} ({year})" : "–",
                t.TargetValue is null ? $"{t.Direction.German()} ({t.TargetYear})" : $"{Number(t.TargetValue, t.Decimals)} ({t.TargetYear})",
                new TableCell(t.Status.Label(), t.Status)]);
            return (IReadOnlyList<TableCell>)row;
        }).ToList());
    }

    static IEnumerable<Block> ChangeBlocks(IReadOnlyList<ReportChange> changes)
    {
        const int shown = 150;
        yield return new TextBlock(string.Join(", ", changes.GroupBy(c => c.KindLabel).Select(g => $"{g.Count()} × {g.Key}")) + ".");
        yield return new TableBlock([new TableColumn("Art", 1.9), new TableColumn("Indikator", 2.6), new TableColumn("Gebiet", 2), new TableColumn("Jahr", 0.7, true),
                new TableColumn("bisher", 1.3, true), new TableColumn("jetzt", 1.3, true)],
            changes.Take(shown).Select(c => (IReadOnlyList<TableCell>)[c.KindLabel, c.Indicator, c.Area ?? "–", c.Year?.ToString(CultureInfo.InvariantCulture) ?? "–", c.Before ?? "–", c.After ?? "–"]).ToList());
        if (changes.Count > shown) yield return new TextBlock($"… und {changes.Count - shown} weitere Änderungen (vollständig in der Vergleichsansicht des Dashboards).", TextKind.Small);
    }

    static IReadOnlyList<string> AreasOf(ReportDocument document, ReportSection section) =>
        section.Values.Select(v => v.AreaKey).Distinct().Select(document.AreaName).ToList();

    /// <summary>Years down, areas across: a committee reads a column per area.</summary>
    static TableBlock ValueTable(ReportDocument document, ReportSection section)
    {
        var areas = section.Values.Select(v => v.AreaKey).Distinct().ToList();
        var points = section.Values.ToDictionary(v => (v.AreaKey, v.Year), v => v.Display);
        List<TableColumn> columns = [new TableColumn("Jahr", 0.8, true), .. areas.Select(a => new TableColumn(document.AreaName(a), 1.6, true))];
        var rows = section.Values.Select(v => v.Year).Distinct().Order()
            .Select(year => (IReadOnlyList<TableCell>)[year.ToString(CultureInfo.InvariantCulture), .. areas.Select(a => new TableCell(points.GetValueOrDefault((a, year), "–")))])
            .ToList();
        return new TableBlock(columns, rows);
    }

    static string Number(double? value, int decimals) => value is null ? "–" : OfficialFormat.Format(value, QualityFlags.None, decimals);

    static string TargetText(ReportTarget target) =>
        target.TargetValue is null
            ? $"{target.Direction.German()} bis {target.TargetYear}"
            : $"{Number(target.TargetValue, target.Decimals)} {target.Unit} bis {target.TargetYear}" +
              (target.Projection is { } p ? $", Trend {Number(p.Value, target.Decimals)} (90 %: {Number(p.Lower, target.Decimals)} bis {Number(p.Upper, target.Decimals)})" +
                  (p.Probability is { } chance ? $", Chance {chance.ToString("P0", Core.German.Culture)}" : "") : "");

    static IEnumerable<string> Paragraphs(string? text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A formula as words: variables by their labels with the chosen groups, <c>prev()</c> as "im Vorjahr".</summary>
    public static string InWords(Indicator indicator, IReadOnlyDictionary<string, string> labels)
    {
        string Words(string formula)
        {
            var text = VariableCall().Replace(formula, m =>
            {
                var label = labels.GetValueOrDefault(m.Groups["code"].Value, m.Groups["code"].Value);
                var filters = m.Groups["filter"].Captures.Select(c => c.Value.Replace("|", " oder ", StringComparison.Ordinal)).ToList();
                return filters.Count == 0 ? label : $"{label} [{string.Join("; ", filters)}]";
            });
            text = IndicatorCall().Replace(text, m => $"Indikator {m.Groups["code"].Value}");
            text = PreviousCall().Replace(text, m => $"({m.Groups["inner"].Value} im Vorjahr)");
            return text.Replace(" / ", " geteilt durch ", StringComparison.Ordinal).Replace(" - ", " minus ", StringComparison.Ordinal)
                .Replace(" + ", " plus ", StringComparison.Ordinal).Replace(" * ", " mal ", StringComparison.Ordinal);
        }

        var words = indicator.Denominator is { } denominator ? $"{Words(indicator.Numerator)}, geteilt durch {Words(denominator)}" : Words(indicator.Numerator);
        return indicator.Factor != 1 ? $"{words}, mal {indicator.Factor.ToString("0.##", Core.German.Culture)}" : words;
    }

    [GeneratedRegex(@"v\(\s*'(?<code>[^']+)'(?:\s*,\s*'(?<filter>[^']*)')*\s*\)")]
    private static partial Regex VariableCall();

    [GeneratedRegex(@"ind\(\s*'(?<code>[^']+)'\s*\)")]
    private static partial Regex IndicatorCall();

    [GeneratedRegex(@"prev\((?<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)")]
    private static partial Regex PreviousCall();
}
