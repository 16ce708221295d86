using Monitoring.Core.Areas;
using Monitoring.Tests.Core.Changes;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Areas;

/// <summary>Issue 17: the district's own areas are created by one class, its audit entry in its transaction.</summary>
public sealed class AreaWritesTests : MigratedStore
{
    AreaWrites Areas => new(Db);

    [Fact]
    public async Task A_sozialraum_needs_a_free_key_a_name_and_a_municipality_above_it()
    {
        var invalid = await Areas.CreateSubMunicipalAsync("analyse", new SubMunicipalDraft("05754", "", AreaLevel.Kreis, "99999"));
        Assert.Equal(["key", "level", "name", "parentKey"], invalid.Errors.Keys.Order());
        var created = await Areas.CreateSubMunicipalAsync("analyse", new SubMunicipalDraft(" 05754008-SR1 ", " Innenstadt ", AreaLevel.Sozialraum, "05754008"));
        Assert.Equal(("05754008-SR1", "Innenstadt", "05754008"), (created.Value!.Key, created.Value.Name, created.Value.ParentKey));
        Assert.Contains(await Db.ListCurrentAsync(), a => a.Key == "05754008-SR1");
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_no_area_is_added()
    {
        var before = await AuditRefusal.StateAsync(Db, "areas");
        await AuditRefusal.RefuseAsync(Db);

        await Assert.ThrowsAnyAsync<Exception>(() => Areas.CreateSubMunicipalAsync("analyse", new SubMunicipalDraft("05754008-SR1", "Innenstadt", AreaLevel.Sozialraum, "05754008")));

        Assert.Equal(before, await AuditRefusal.StateAsync(Db, "areas"));
        Assert.Null(await Db.FindCurrentAsync("05754008-SR1"));
    }
}
