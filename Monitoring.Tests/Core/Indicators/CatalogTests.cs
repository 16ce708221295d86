using Monitoring.Core.Indicators;

namespace Monitoring.Tests.Core.Indicators;

public sealed class CatalogTests
{
    static readonly IReadOnlySet<string> Variables = new HashSet<string> { "BEVSTD", "BEV008", "AZR_AUSLAENDER" };

    static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Dimensions = new Dictionary<string, IReadOnlySet<string>>
    {
        ["NAT"] = new HashSet<string> { "NATA", "NATD" },
        ["ALTX21"] = new HashSet<string> { "ALT000B03", "ALT003B06", "ALT006B10", "ALT010B15", "ALT015B18" },
    };

    static readonly IReadOnlySet<string> Indicators = new HashSet<string> { "BESCH_Q_DT" };

    [Fact]
    public void The_shipped_catalog_is_valid_and_covers_every_field_of_action()
    {
        var catalog = IndicatorCatalog.Shipped();

        Assert.Empty(catalog.Validate());
        Assert.True(catalog.Indicators.Count >= 25, $"{catalog.Indicators.Count} indicators");
        Assert.Equal(
            ["Ausbildung und Arbeit", "Bevölkerung und Migration", "Gesundheit", "Interkulturelle Öffnung", "Rechtsstatus und Einbürgerung", "Soziale Sicherung", "Sprache und Bildung", "Teilhabe", "Wohnen"],
            catalog.Indicators.Select(i => i.Field).Distinct().Order(StringComparer.Ordinal));
        var share = catalog.Indicators.Single(i => i.Code == "AUS_ANT");
        Assert.Equal(("v('BEVSTD', 'NAT=NATA')", "v('BEVSTD')", 100m, "%", Direction.Neutral), (share.Numerator, share.Denominator, share.Factor, share.Unit, share.Direction));
    }

    [Fact]
    public void A_formula_yields_its_references_with_filters_and_previous_periods()
    {
        var (formula, errors) = Formula.Parse("(v('BEVSTD', 'NAT=NATA') - prev(v('BEVSTD', 'NAT=NATA', 'ALTX21=ALT010B15|ALT015B18'))) * 100");

        Assert.Empty(errors);
        Assert.Equal(2, formula!.Variables.Count);
        Assert.False(formula.Variables[0].Previous);
        Assert.True(formula.Variables[1].Previous);
        Assert.Equal(["ALT010B15", "ALT015B18"], formula.Variables[1].Filters["ALTX21"]);
        Assert.Empty(formula.Validate(Variables, Dimensions, Indicators));
    }

    [Theory]
    [InlineData("v('BEVSTD') / v('BEVSDT')", 18, "unbekannte Variable „BEVSDT“")]
    [InlineData("v('BEVSTD', 'NAT=NATX')", 18, "„NATX“ ist kein Wert des Merkmals „NAT“")]
    [InlineData("v('BEVSTD', 'GES=GESW')", 14, "unbekanntes Merkmal „GES“")]
    [InlineData("ind('BESCH_Q_AU')", 6, "unbekannter Indikator „BESCH_Q_AU“")]
    public void Unknown_references_are_named_with_their_column(string text, int column, string message)
    {
        var (formula, parseErrors) = Formula.Parse(text);
        Assert.Empty(parseErrors);

        var error = Assert.Single(formula!.Validate(Variables, Dimensions, Indicators));

        Assert.Equal(new FormulaError(column, message), error);
    }

    [Theory]
    [InlineData("v('BEVSTD'", 11, "Syntaxfehler: Klammer nicht geschlossen")]
    [InlineData("summe(v('BEVSTD'))", 1, "unbekannte Funktion „summe“")]
    [InlineData("v('BEVSTD', 'NAT')", 14, "der Filter „NAT“ muss MERKMAL=WERT")]
    [InlineData("v(BEVSTD)", 1, "v() erwartet einen Variablencode und Filter, alle in Anführungszeichen")]
    [InlineData("BEVSTD * 100", 1, "„BEVSTD“ ist unbekannt: Variablen werden v('CODE') geschrieben")]
    [InlineData("", 1, "die Formel ist leer")]
    public void Syntax_and_misuse_are_reported_with_their_column(string text, int column, string message)
    {
        var (formula, errors) = Formula.Parse(text);

        Assert.Null(formula);
        var error = Assert.Single(errors);
        Assert.Equal(column, error.Column);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_errors_name_the_indicator_and_the_part()
    {
        var shipped = IndicatorCatalog.Shipped();
        var broken = shipped with
        {
            Indicators = [.. shipped.Indicators.Take(2), shipped.Indicators[0] with { Code = "KAPUTT", Numerator = "v('NIX')", Levels = [] }],
        };

        var errors = broken.Validate();

        Assert.Contains("KAPUTT, Zähler, Spalte 4: unbekannte Variable „NIX“", errors);
        Assert.Contains("KAPUTT: bitte die Ebenen nennen, für die es den Indikator gibt", errors);
    }
}

public sealed class CatalogDocumentTests
{
    [Fact]
    public void The_catalog_page_lists_every_indicator_and_variable_with_its_formula()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "indicators.md"));
        var catalog = IndicatorCatalog.Shipped();

        Assert.All(catalog.Indicators, i =>
        {
            Assert.Contains($"| `{i.Code}` | **{i.NameDe}**", page, StringComparison.Ordinal);
            Assert.Contains($"`{i.Numerator.Replace("|", "\\|", StringComparison.Ordinal)}`", page, StringComparison.Ordinal);
        });
        Assert.All(catalog.Variables, v => Assert.Contains($"| `{v.Code}` | {v.Label} |", page, StringComparison.Ordinal));
    }
}
