using Monitoring.Core.Areas;

namespace Monitoring.Tests.Core.Areas;

/// <summary>The names offices write in their own files, matched against the whole shipped directory (11,000 areas).</summary>
public sealed class AreaNamesTests
{
    static readonly AreaNames Names = new(
        AreaDirectory.ReadShipped().Select(r => new AreaNames.Entry(r.Key, r.Name, r.OfficialName, r.ParentKey)), "05754");

    [Theory]
    [InlineData("Halle (Westf.)", "05754012")]
    [InlineData("Halle Westf.", "05754012")]
    [InlineData("Halle (Westfalen)", "05754012")]
    [InlineData("Halle (Westf.), Stadt", "05754012")]
    [InlineData("Gütersloh, Stadt", "05754008")]
    [InlineData("Gütersloh", "05754008")]
    [InlineData("Köln", "05315")]
    [InlineData("Stadt Gütersloh", "05754008")]
    [InlineData("Kreis Gütersloh", "05754")]
    [InlineData("Gütersloh, Kreis", "05754")]
    [InlineData("Landkreis Gütersloh", "05754")]
    [InlineData("Schloss Holte-Stukenbrock", "05754036")]
    [InlineData("Schloß Holte Stukenbrock", "05754036")]
    [InlineData("Rheda-Wiedenbrueck", "05754028")]
    [InlineData("  RHEDA-WIEDENBRÜCK ", "05754028")]
    [InlineData("Harsewinkel, Stadt", "05754016")]
    [InlineData("Steinhagen", "05754040")]
    [InlineData("Nordrhein-Westfalen", "05")]
    [InlineData("Köln, kreisfreie Stadt", "05315")]
    public void A_name_as_offices_write_it_finds_its_area(string name, string key)
    {
        var match = Names.Find(name);
        Assert.Equal(AreaNames.MatchKind.Found, match.Kind);
        Assert.Equal(key, match.Key);
    }

    [Fact]
    public void A_name_two_home_areas_share_is_ambiguous_and_lists_both()
    {
        // A Sozialraum of Gütersloh named like the Gemeinde Verl.
        var names = new AreaNames(
            AreaDirectory.ReadShipped().Select(r => new AreaNames.Entry(r.Key, r.Name, r.OfficialName, r.ParentKey)).Append(new("05754008-S01", "Verl", null, "05754008")), "05754");
        var match = names.Find("Verl");
        Assert.Equal(AreaNames.MatchKind.Ambiguous, match.Kind);
        Assert.Null(match.Key);
        Assert.Equal(["Verl (Gütersloh, 05754008-S01)", "Verl (Kreis Gütersloh, 05754044)"], match.Candidates.Select(c => c.Label).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_namesake_outside_the_home_area_is_left_out_only_where_the_home_area_has_one()
    {
        // Steinhagen is in Kreis Gütersloh and in Vorpommern-Rügen; seen from Vorpommern-Rügen it is that one.
        var fromRuegen = new AreaNames(AreaDirectory.ReadShipped().Select(r => new AreaNames.Entry(r.Key, r.Name, r.OfficialName, r.ParentKey)), "13073");
        Assert.Equal("13073087", fromRuegen.Find("Steinhagen").Key);
        var nowhere = new AreaNames(AreaDirectory.ReadShipped().Select(r => new AreaNames.Entry(r.Key, r.Name, r.OfficialName, r.ParentKey)), null);
        Assert.Equal(AreaNames.MatchKind.Ambiguous, nowhere.Find("Steinhagen").Kind);
    }

    [Fact]
    public void A_misspelt_name_is_unknown_with_the_home_area_first_among_its_suggestions()
    {
        var match = Names.Find("Herzebrok-Clarholz");
        Assert.Equal(AreaNames.MatchKind.Unknown, match.Kind);
        Assert.Equal("05754020", match.Candidates[0].Key);
        Assert.Equal("Herzebrock-Clarholz (Kreis Gütersloh, 05754020)", match.Candidates[0].Label);
    }

    [Fact]
    public void A_name_of_no_area_is_unknown_without_a_guess()
    {
        var match = Names.Find("Xyzzy");
        Assert.Equal(AreaNames.MatchKind.Unknown, match.Kind);
        Assert.Empty(match.Candidates);
        Assert.Equal(AreaNames.MatchKind.Unknown, Names.Find("").Kind);
    }

    [Theory]
    [InlineData("Schloß Holte-Stukenbrock", "schloss holte stukenbrock")]
    [InlineData("Halle (Westf.)", "halle westf")]
    [InlineData("Halle (Westfalen)", "halle westf")]
    [InlineData("Fröndenberg/Ruhr", "froendenberg ruhr")]
    public void Normal_forms_agree(string name, string normal) => Assert.Equal(normal, AreaNames.Normal(name));
}
