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

    static readonly TabularMapping Mapping = new() { AreaColumn = "Gebiet", PeriodColumn = "Jahr", Values = [new ValueColumn("Wert", "EIG_WERT", "Wert", "Anzahl")] };

    async Task<ImportReport> ImportAsync(DataSource source, string content)
    {
        var path = Path.Combine(Folder, $"{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, content);
        return await new Importer(Db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Importer>.Instance).ImportFileAsync(source, path, "eigene.csv");
    }

    async Task<IReadOnlyList<string>> AuditActionsAsync()
    {
        await using var connection = await Db.OpenAsync();
        return (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT action FROM audit_log ORDER BY id")).ToList();
    }

    [Fact]
    public async Task A_failed_first_attempt_never_blocks_the_name_but_a_source_waiting_for_its_first_file_does()
    {
        var draft = new DataSource { Name = "Ausländerbehörde", Kind = SourceKind.Tabular, Settings = new SourceSettings { Mapping = Mapping } };
        var first = (await Writes.CreateAsync("analyse", draft)).Value!;
        Assert.Equal("name", Assert.Single((await Writes.CreateAsync("analyse", draft)).Errors.Keys));
        Assert.Equal(ImportStatus.Failed, (await ImportAsync(first, "Falsch;Jahr;Wert\n05754008;2023;1\n")).Status);

        var again = await Writes.CreateAsync("analyse", draft with { Settings = new SourceSettings { Mapping = Mapping with { AreaColumn = "Falsch" } } });

        Assert.True(again.Succeeded, string.Join(" ", again.Messages));
        Assert.Equal(first.Id, again.Value!.Id);
        Assert.Equal("Falsch", (await Db.FindSourceAsync(first.Id))!.Settings.Mapping!.AreaColumn);
        Assert.Equal("source.takeover", (await AuditActionsAsync())[^1]);
        Assert.Equal(ImportStatus.Succeeded, (await ImportAsync(again.Value, "Falsch;Jahr;Wert\n05754008;2023;1\n")).Status);
        Assert.Equal("name", Assert.Single((await Writes.CreateAsync("analyse", draft)).Errors.Keys));
    }

    [Fact]
    public async Task Deleting_a_source_with_data_asks_first_then_removes_its_runs_and_values_audited()
    {
        var source = (await Writes.CreateAsync("analyse", new DataSource { Name = "Eigene", Kind = SourceKind.Tabular, Settings = new SourceSettings { Mapping = Mapping } })).Value!;
        Assert.Equal(ImportStatus.Succeeded, (await ImportAsync(source, "Gebiet;Jahr;Wert\n05754008;2023;1\n05754012;2023;2\n")).Status);

        var asked = await Writes.DeleteAsync("analyse", source.Id, confirmed: false);
        Assert.Equal("confirm", Assert.Single(asked.Errors.Keys));
        Assert.Contains("2 gespeicherte Werte aus 1 Läufen", asked.Messages[0], StringComparison.Ordinal);
        Assert.NotNull(await Db.FindSourceAsync(source.Id));

        Assert.True((await Writes.DeleteAsync("analyse", source.Id, confirmed: true)).Succeeded);

        Assert.Null(await Db.FindSourceAsync(source.Id));
        await using var connection = await Db.OpenAsync();
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM observations"));
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM import_runs"));
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM variable_years WHERE variable_id = (SELECT id FROM variables WHERE code = 'EIG_WERT')"));
        Assert.Equal("source.delete", (await AuditActionsAsync())[^1]);
        Assert.True((await Writes.DeleteAsync("analyse", source.Id, confirmed: true)).IsNotFound);
    }
}
