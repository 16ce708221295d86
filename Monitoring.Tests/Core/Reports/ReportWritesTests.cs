using Monitoring.Core.Areas;
using Monitoring.Core.Changes;
using Monitoring.Core.Indicators;
using Monitoring.Core.Reports;
using Monitoring.Tests.Core.Changes;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Reports;

/// <summary>Issue 17: the report writes are one Core class; its rules hold for every caller and its audit entry is in its transaction.</summary>
public sealed class ReportWritesTests : MigratedStore
{
    ReportWrites Writes => new(Db, HomeArea.Default);

    static readonly ReportDefinition Definition = new() { Title = "  Zielerreichung  ", Template = "Zielerreichung", ReportingDate = new DateOnly(2025, 6, 30), Areas = ["05754"] };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
    }

    [Fact]
    public async Task The_rules_are_named_by_field_in_German_and_what_is_stored_is_trimmed()
    {
        var invalid = await Writes.CreateAsync("redaktion", Definition with { Title = " ", Areas = ["99999"], Goals = [4711], Indicators = ["GIBT_ES_NICHT"] });
        Assert.Equal(WriteOutcome.Invalid, invalid.Outcome);
        Assert.Equal(["areas", "goals", "indicators", "title"], invalid.Errors.Keys.Order());
        Assert.Contains("Bitte einen Titel angeben", invalid.Errors["title"][0], StringComparison.Ordinal);

        var id = (await Writes.CreateAsync("redaktion", Definition with { Commentary = new Dictionary<string, string> { ["AUS_ANT"] = " steigt ", ["EINB_RATE8"] = " " } })).Value;
        var stored = (await Db.FindReportAsync(id))!;
        Assert.Equal(("Zielerreichung", "steigt", 1), (stored.Title, stored.Definition.Commentary["AUS_ANT"], stored.Definition.Commentary.Count));
        Assert.True((await Writes.PublishAsync("redaktion", id)).Succeeded);
        Assert.Equal(WriteOutcome.Conflict, (await Writes.DeleteAsync("redaktion", id)).Outcome);
        Assert.True((await Writes.UpdateAsync("redaktion", id + 99, Definition)).IsNotFound);
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_no_report_write_changes_anything()
    {
        var published = (await Writes.CreateAsync("redaktion", Definition)).Value;
        await Writes.PublishAsync("redaktion", published);
        var draft = (await Writes.CreateAsync("redaktion", Definition with { Title = "Entwurf" })).Value;
        var before = await AuditRefusal.StateAsync(Db, "reports", "report_editions");
        await AuditRefusal.RefuseAsync(Db);

        await Assert.ThrowsAnyAsync<Exception>(() => Writes.CreateAsync("redaktion", Definition with { Title = "Neu" }));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.UpdateAsync("redaktion", draft, Definition with { Title = "Geändert" }));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.PublishAsync("redaktion", published));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.DeleteAsync("redaktion", draft));

        Assert.Equal(before, await AuditRefusal.StateAsync(Db, "reports", "report_editions"));
        Assert.Equal("Entwurf", (await Db.FindReportAsync(draft))!.Title);
    }
}
