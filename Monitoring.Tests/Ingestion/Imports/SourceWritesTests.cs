using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Tabular;
using Monitoring.Tests.Core.Changes;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Ingestion.Imports;

/// <summary>Issue 17: sources are created and changed by one class (API, workspace pages, command line, catalog fetch, demo data), audited in the same transaction.</summary>
public sealed class SourceWritesTests : MigratedStore
{
    SourceWrites Writes
    {
        get
        {
            var configuration = new ConfigurationBuilder().Build();
            return new SourceWrites(Db, new SourceSettingsCheck(new DropFolders(configuration, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Folder }),
                new GenesisConnections(configuration)), new ServiceCollection().BuildServiceProvider());
        }
    }

    [Fact]
    public async Task The_rules_hold_for_every_caller_and_are_named_by_field()
    {
        var invalid = await Writes.CreateAsync("analyse", new DataSource
        {
            Name = " ", Kind = SourceKind.Tabular, Schedule = "jeden Montag", RejectThreshold = 2,
            Settings = new SourceSettings { DropFolder = "../außerhalb", Api = new GenesisTableRequest { Table = "", Credentials = "unbekannt" } },
        });
        Assert.Equal(["name", "rejectThreshold", "schedule", "settings.api.credentials", "settings.api.table", "settings.dropFolder", "settings.mapping"], invalid.Errors.Keys.Order());
        Assert.Contains("ist kein gültiger Zeitplan", invalid.Errors["schedule"][0], StringComparison.Ordinal);

        var mapping = new TabularMapping { AreaColumn = "Gebiet", PeriodColumn = "Jahr", Values = [new ValueColumn("Wert", "klein", "Wert", null)] };
        Assert.Equal("settings.mapping.values", Assert.Single((await Writes.CreateAsync("analyse",
            new DataSource { Name = "Eigene", Kind = SourceKind.Tabular, Settings = new SourceSettings { Mapping = mapping } })).Errors.Keys));

        var created = (await Writes.CreateAsync("analyse", new DataSource { Name = " Eigene ", Kind = SourceKind.GenesisExport, Schedule = " " })).Value!;
        Assert.Equal(("Eigene", null), (created.Name, created.Schedule));
        Assert.Equal("name", Assert.Single((await Writes.CreateAsync("analyse", new DataSource { Name = "Eigene", Kind = SourceKind.GenesisExport })).Errors.Keys));
        var changed = await Writes.UpdateAsync("analyse", created.Id, new SourceChange(Schedule: "0 6 * * 1", Enabled: false));
        Assert.Equal(("0 6 * * 1", false), (changed.Value!.Schedule, changed.Value.Enabled));
        Assert.Null((await Writes.UpdateAsync("analyse", created.Id, new SourceChange(Schedule: ""))).Value!.Schedule);
        Assert.True((await Writes.UpdateAsync("analyse", created.Id + 99, new SourceChange(Enabled: true))).IsNotFound);
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_no_source_changes()
    {
        var source = (await Writes.CreateAsync("analyse", new DataSource { Name = "Eigene", Kind = SourceKind.GenesisExport })).Value!;
        var before = await AuditRefusal.StateAsync(Db, "data_sources");
        await AuditRefusal.RefuseAsync(Db);

        await Assert.ThrowsAnyAsync<Exception>(() => Writes.CreateAsync("analyse", new DataSource { Name = "Zweite", Kind = SourceKind.GenesisExport }));
        await Assert.ThrowsAnyAsync<Exception>(() => Writes.UpdateAsync("analyse", source.Id, new SourceChange(Schedule: "0 6 * * 1", Enabled: false)));

        Assert.Equal(before, await AuditRefusal.StateAsync(Db, "data_sources"));
        var stored = (await Db.FindSourceAsync(source.Id))!;
        Assert.Equal((null, true), (stored.Schedule, stored.Enabled));
    }
}
