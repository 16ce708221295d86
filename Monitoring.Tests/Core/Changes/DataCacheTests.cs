using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Changes;

/// <summary>
/// Issue 17: one idea of "the data changed". Every write advances the data version in its transaction; a cache of any
/// process reads again after a write of any other process, and a failed write leaves the version as it was.
/// </summary>
public sealed class DataCacheTests : MigratedStore
{
    [Fact]
    public async Task A_write_through_another_process_is_seen_at_the_next_read_and_a_failed_one_moves_nothing()
    {
        // A second Database on the same file: what a worker or a second web instance is.
        var other = TestDatabases.Create(("Database:Provider", "Sqlite"), ("Database:SqlitePath", DatabasePath));
        var version = await Db.Version.CurrentAsync();
        var areas = await Db.ListCurrentAsync();
        Assert.Same(areas, await Db.ListCurrentAsync());
        Assert.Equal(version, await Db.Version.CurrentAsync());

        await new AreaWrites(other).CreateSubMunicipalAsync("analyse", new SubMunicipalDraft("05754008-SR1", "Innenstadt", AreaLevel.Sozialraum, "05754008"));
        Assert.Equal(version + 1, await Db.Version.CurrentAsync());
        Assert.Contains(await Db.ListCurrentAsync(), a => a.Key == "05754008-SR1");

        await CatalogStore.SeedAsync(other, IndicatorCatalog.Shipped());
        Assert.NotEmpty((await CatalogStore.LoadAsync(Db)).Indicators);
        var seeded = await Db.Version.CurrentAsync();

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => other.InTransactionAsync<int>((_, _) => throw new InvalidOperationException("abgebrochen")));
        Assert.Equal(seeded, await Db.Version.CurrentAsync());

        // Entries of older versions are let go once a newer version is read.
        await Db.ListCurrentAsync();
        Assert.Equal(2, Db.Cache.Count);
        await new AreaWrites(other).CreateSubMunicipalAsync("analyse", new SubMunicipalDraft("05754008-SR2", "Altstadt", AreaLevel.Sozialraum, "05754008"));
        await Db.ListCurrentAsync();
        Assert.Equal(1, Db.Cache.Count);
    }
}
