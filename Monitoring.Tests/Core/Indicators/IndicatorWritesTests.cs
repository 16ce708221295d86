using Dapper;
using Monitoring.Core.Changes;
using Monitoring.Core.Indicators;
using Monitoring.Tests.Core.Changes;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Indicators;

/// <summary>Issue 17: indicators are created and changed by one class (API and editor page), audited in the same transaction.</summary>
public sealed class IndicatorWritesTests : MigratedStore
{
    IndicatorWrites Writes => new(Db);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
    }

    async Task<Indicator> ShippedAsync() => (await CatalogStore.LoadAsync(Db)).Indicators.Single(i => i.Code == "AUS_ANT");

    [Fact]
    public async Task A_code_is_unique_whatever_its_case_and_stays_what_it_is()
    {
        var shipped = await ShippedAsync();
        Assert.Equal(WriteOutcome.Conflict, (await Writes.CreateAsync("analyse", shipped with { Code = "aus_ant" })).Outcome);
        Assert.Equal("code", Assert.Single((await Writes.UpdateAsync("analyse", "AUS_ANT", shipped with { Code = "AUS_ANT_NEU" })).Errors.Keys));
        Assert.True((await Writes.UpdateAsync("analyse", "GIBT_ES_NICHT", shipped)).IsNotFound);
        var broken = await Writes.UpdateAsync("analyse", "aus_ant", shipped with { Numerator = "v('BEVSTX')" });
        Assert.Contains("BEVSTX", Assert.Single(broken.Errors["numerator"]), StringComparison.Ordinal);
        var created = await Writes.CreateAsync("analyse", shipped with { Code = " AUS_ANT_KOPIE " });
        Assert.Equal("AUS_ANT_KOPIE", created.Value!.Indicator.Code);
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_no_indicator_changes()
    {
        var shipped = await ShippedAsync();
        var before = await AuditRefusal.StateAsync(Db, "indicators");
        await AuditRefusal.RefuseAsync(Db);

        await Assert.ThrowsAnyAsync<Exception>(() => Writes.CreateAsync("analyse", shipped with { Code = "AUS_ANT_KOPIE" }));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.UpdateAsync("analyse", "AUS_ANT", shipped with { Factor = 1000 }));

        Assert.Equal(before, await AuditRefusal.StateAsync(Db, "indicators"));
        await using var connection = await Db.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT edited FROM indicators WHERE code = 'AUS_ANT'"));
        Assert.Equal(100, (await ShippedAsync()).Factor);
    }
}
