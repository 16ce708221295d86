namespace Monitoring.Tests.Hosting;

/// <summary>The German-text check finds what it is for, and lets German pass.</summary>
public sealed class GermanTextTests
{
    [Theory]
    [InlineData("<dd><strong>Failed</strong></dd>")]
    [InlineData("<li>abh.csv, Zeile 4: the area name 'Verl' is ambiguous</li>")]
    [InlineData("<p>Interner Fehler: Object reference not set (NullReferenceException)</p><p>Exception</p>")]
    public void English_on_a_page_fails_the_check(string html) =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GermanText.Assert(html, "test"));

    [Fact]
    public void German_passes_and_scripts_do_not_count() =>
        GermanText.Assert("<script>if (error) throw new Error('the row');</script><p>Lauf 3: fehlgeschlagen (nichts übernommen), GENESIS-Online, Zeile 4, Spalte 2</p>", "test");
}
