using System.Diagnostics;
using Dapper;
using Monitoring.Core.Areas;
using Monitoring.Core.Reports;
using Monitoring.Core.Storage;

namespace Monitoring.Tests.Core.Storage;

/// <summary>What every storage provider must do. Runs on SQLite always and on SQL Server when one is configured.</summary>
public abstract class StorageContract : IAsyncLifetime
{
    ITestDatabase? test;

    protected Database Db => test!.Database;

    protected abstract Task<ITestDatabase> CreateAsync();

    /// <summary>The provider's catalogue of tables, columns and indexes, to prove a second migration changed nothing.</summary>
    protected abstract Task<IReadOnlyList<string>> SchemaObjectsAsync();

    public async ValueTask InitializeAsync() => test = await CreateAsync();

    public async ValueTask DisposeAsync()
    {
        if (test is not null) await test.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Migrating_twice_applies_every_script_once_and_then_changes_nothing()
    {
        var first = await Db.MigrateAsync();
        Assert.Equal(Schema.Scripts(Db.Provider).Select(s => s.Name), first.Applied);
        Assert.Equal(Schema.ExpectedVersion(Db.Provider), first.Version);
        var objects = await SchemaObjectsAsync();
        Assert.Contains(objects, o => o.Contains("observations", StringComparison.Ordinal));

        var second = await Db.MigrateAsync();

        Assert.Empty(second.Applied);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(objects, await SchemaObjectsAsync());
        await using var connection = await Db.OpenAsync();
        Assert.Equal(first.Applied.Count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_versions"));
        Assert.Equal(Schema.ExpectedVersion(Db.Provider), await Schema.CurrentVersionAsync(Db));
    }

    [Fact]
    public async Task Reference_areas_are_loaded_with_official_keys_names_levels_and_parents()
    {
        await Db.MigrateAsync();

        var loaded = await ReferenceAreas.LoadAsync(Db);

        // The shipped directory as Destatis counts it: Germany, 16 Länder, 29 Regierungsbezirke (with the still-keyed former
        // units), 400 Kreise, 10,953 Gemeinden with the gemeindefreie Gebiete, and beside them Baden-Württemberg's 12 Regionen
        // and 1,203 Gemeindeverbände; with the AGS-Historie since 2007: 194 Bezirke and Ortsteile of Berlin and Hamburg, and
        // the former areas (4,124 Gemeinden, 74 Kreise, 6 Regierungsbezirke).
        Assert.Equal(new ReferenceAreas.LoadResult(1 + 16 + 29 + 400 + 10_953 + 12 + 1_203 + 194 + 4_124 + 74 + 6, 0, 0), loaded);
        var all = await Db.ListCurrentAsync();
        Assert.Equal([1, 16, 29, 400, 10_953], new[] { AreaLevel.Bund, AreaLevel.Land, AreaLevel.Regierungsbezirk, AreaLevel.Kreis, AreaLevel.Gemeinde }.Select(l => all.Count(a => a.Level == l)));
        Assert.Equal(("Berlin", "11000"), (all.Single(a => a.Key == "11000000").Name, all.Single(a => a.Key == "11000000").ParentKey));
        Assert.Equal(("Köln", "053"), (all.Single(a => a.Key == "05315000").Name, all.Single(a => a.Key == "05315").ParentKey));
        Assert.Equal("057540008008", all.Single(a => a.Key == "05754008").Ars);
        var areas = all.Where(a => a.Key is "DG" or "05" or "057" || a.Key.StartsWith("05754", StringComparison.Ordinal)).ToDictionary(a => a.Key);
        string[][] expected =
        [
            ["DG", "Deutschland", "Bund", ""],
            ["05", "Nordrhein-Westfalen", "Land", "DG"],
            ["057", "Regierungsbezirk Detmold", "Regierungsbezirk", "05"],
            ["05754", "Kreis Gütersloh", "Kreis", "057"],
            ["05754004", "Borgholzhausen", "Gemeinde", "05754"],
            ["05754008", "Gütersloh", "Gemeinde", "05754"],
            ["05754012", "Halle (Westf.)", "Gemeinde", "05754"],
            ["05754016", "Harsewinkel", "Gemeinde", "05754"],
            ["05754020", "Herzebrock-Clarholz", "Gemeinde", "05754"],
            ["05754024", "Langenberg", "Gemeinde", "05754"],
            ["05754028", "Rheda-Wiedenbrück", "Gemeinde", "05754"],
            ["05754032", "Rietberg", "Gemeinde", "05754"],
            ["05754036", "Schloß Holte-Stukenbrock", "Gemeinde", "05754"],
            ["05754040", "Steinhagen", "Gemeinde", "05754"],
            ["05754044", "Verl", "Gemeinde", "05754"],
            ["05754048", "Versmold", "Gemeinde", "05754"],
            ["05754052", "Werther (Westf.)", "Gemeinde", "05754"],
        ];
        Assert.Equal(expected.Length, areas.Count);
        foreach (var row in expected)
        {
            var area = areas[row[0]];
            Assert.Equal(row[1], area.Name);
            Assert.Equal(Enum.Parse<AreaLevel>(row[2]), area.Level);
            Assert.Equal(row[3] == "" ? null : row[3], area.ParentKey);
            Assert.Equal(row[3] == "" ? null : areas[row[3]].Id, area.ParentId);
        }
    }

    [Fact]
    public async Task Loading_reference_areas_again_changes_nothing_and_repairs_a_changed_name()
    {
        await Db.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(Db);

        Assert.Equal(new ReferenceAreas.LoadResult(0, 0, 17), await ReferenceAreas.LoadDistrictAsync(Db));

        await using (var connection = await Db.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE areas SET name = 'Falsch' WHERE area_key = '05754044'");
        }
        Assert.Equal(new ReferenceAreas.LoadResult(0, 1, 16), await ReferenceAreas.LoadDistrictAsync(Db));
        Assert.Equal("Verl", (await Db.FindCurrentAsync("05754044"))!.Name);
    }

    [Fact]
    public async Task A_database_written_by_a_newer_version_is_refused_and_left_unchanged()
    {
        await Db.MigrateAsync();
        await using (var connection = await Db.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO schema_versions (ScriptName, Applied) VALUES ('0999_from_the_future.sql', @Applied)", new { Applied = DateTime.UtcNow });
        }
        var before = await SchemaObjectsAsync();

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => Db.MigrateAsync());

        Assert.Contains("neueren Version", error.Message, StringComparison.Ordinal);
        Assert.Contains("0999_from_the_future.sql", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SchemaObjectsAsync());
    }

    [Fact]
    public async Task With_migrations_off_a_database_behind_the_application_stops_start_up_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<DatabaseStartupException>(
            () => Schema.PrepareAsync(Db, migrate: false, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        Assert.Contains("Database:MigrateOnStartup", error.Message, StringComparison.Ordinal);
        Assert.Contains("0001_initial.sql", error.Message, StringComparison.Ordinal);
        Assert.Empty(await SchemaObjectsAsync());
    }

    [Fact]
    public async Task Readers_are_not_blocked_by_an_open_write_and_never_see_half_of_it()
    {
        await Db.MigrateAsync();
        await using var writer = await Db.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        for (var i = 0; i < 500; i++)
        {
            await writer.ExecuteAsync("INSERT INTO variables (code, label) VALUES (@Code, 'Testvariable')", new { Code = $"V{i}" }, transaction);
        }

        var clock = Stopwatch.StartNew();
        await using (var reader = await Db.OpenAsync())
        {
            Assert.Equal(0, await reader.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM variables"));
        }
        // The busy time-out is 30 s: an answer well inside it means the reader did not wait for the writer.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"reader waited {clock.Elapsed}");

        await transaction.CommitAsync();
        await using (var reader = await Db.OpenAsync())
        {
            Assert.Equal(500, await reader.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM variables"));
        }
    }

    [Fact]
    public async Task An_observation_is_unique_per_variable_area_period_and_dimension_combination()
    {
        await Db.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(Db);
        await using var connection = await Db.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO variables (code, label, unit) VALUES ('BEVSTD', 'Bevölkerungsstand', 'Anzahl')");
        await connection.ExecuteAsync("INSERT INTO data_sources (name, kind) VALUES ('Test', 'GenesisFlatFile')");
        await connection.ExecuteAsync("INSERT INTO import_runs (data_source_id, status, started_at) SELECT id, 'Running', @Now FROM data_sources", new { Now = DateTime.UtcNow });
        await connection.ExecuteAsync("INSERT INTO dimensions (code, label) VALUES ('GES', 'Geschlecht')");
        await connection.ExecuteAsync("INSERT INTO dimension_values (dimension, code, label) VALUES ('GES', 'GESW', 'weiblich')");
        await connection.ExecuteAsync("INSERT INTO dimension_sets (set_key) VALUES ('GES=GESW')");
        const string insert =
            """
            INSERT INTO observations (variable_id, area_id, period, year, dimension_set_id, value, flags, import_run_id)
            SELECT v.id, a.id, '2023-12-31', 2023, d.id, @Value, 0, r.id
            FROM variables v, areas a, dimension_sets d, import_runs r
            WHERE v.code = 'BEVSTD' AND a.area_key = '05754008' AND d.set_key = @Set
            """;

        await connection.ExecuteAsync(insert, new { Value = 102_345.5m, Set = "" });
        await connection.ExecuteAsync(insert, new { Value = 51_000m, Set = "GES=GESW" });
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(insert, new { Value = 1m, Set = "" }));

        var values = (await connection.QueryAsync<decimal>("SELECT value FROM observations ORDER BY dimension_set_id")).ToList();
        Assert.Equal([102_345.5m, 51_000m], values);
        Assert.Equal("", await connection.ExecuteScalarAsync<string>("SELECT set_key FROM dimension_sets WHERE id = 1"));
    }

    [Fact]
    public async Task Foreign_keys_are_enforced()
    {
        await Db.MigrateAsync();
        await using var connection = await Db.OpenAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            connection.ExecuteAsync("INSERT INTO areas (area_key, name, level, parent_id) VALUES ('X1', 'Nirgendwo', 'Gemeinde', 999999)"));
    }

    [Fact]
    public async Task Area_versions_keep_their_validity_dates_and_only_current_ones_are_listed()
    {
        await Db.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(Db);
        await using (var connection = await Db.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO areas (area_key, name, level, parent_id, valid_from, valid_to) SELECT '05754099', 'Aufgelöste Gemeinde', 'Gemeinde', id, @From, @To FROM areas WHERE area_key = '05754'",
                new { From = new DateOnly(1975, 1, 1), To = new DateOnly(2008, 12, 31) });
            await connection.ExecuteAsync(
                "INSERT INTO areas (area_key, name, level, parent_id, valid_from) SELECT '05754098', 'Neue Gemeinde', 'Gemeinde', id, @From FROM areas WHERE area_key = '05754'",
                new { From = new DateOnly(2009, 1, 1) });
        }

        Assert.Null(await Db.FindCurrentAsync("05754099"));
        var created = await Db.FindCurrentAsync("05754098");
        Assert.Equal(new DateOnly(2009, 1, 1), created!.ValidFrom);
        Assert.Null(created.ValidTo);
    }

    [Fact]
    public async Task Bulk_inserted_rows_read_back_as_given_with_long_and_non_ascii_text_nulls_and_numbers()
    {
        await Db.MigrateAsync();
        await using var connection = await Db.OpenAsync();
        var names = new[] { "Gütersloh", "Rheda-Wiedenbrück " + new string('ß', 400), new string('x', 3000), "" };
        var rows = names.Select((name, i) => new object?[] { $"X{i}", name, i % 2 == 0 ? null : "2020-01-01", "Gemeinde" }).ToList();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Db.BulkInsertAsync(connection, transaction, "areas", ["area_key", "name", "valid_from", "level"], rows);
            await transaction.CommitAsync();
        }

        var read = (await connection.QueryAsync<(string Key, string Name, string? From)>("SELECT area_key, name, valid_from FROM areas WHERE area_key LIKE 'X%' ORDER BY area_key")).ToList();
        Assert.Equal(rows.Select(r => ((string)r[0]!, (string)r[1]!, (string?)r[2])), read);
    }

    [Fact]
    public async Task Rows_read_the_fast_way_and_through_ado_net_match_what_dapper_reads_with_null_as_nan_and_compare_text_in_place()
    {
        await Db.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(Db);
        const string sql = "SELECT id, CAST(NULL AS FLOAT), area_key, CAST(id AS FLOAT) / 4, name FROM areas WHERE level = @Level OR area_key = @Key ORDER BY id";
        await using var connection = await Db.OpenAsync();
        var expected = (await connection.QueryAsync<(long Id, double? Nothing, string Key, double Quarter, string Name)>(sql, new { Level = "Gemeinde", Key = "05" }))
            .Select(r => ((int)r.Id, double.NaN, r.Key, r.Quarter, r.Name)).ToList();
        Assert.Equal(14, expected.Count);

        async Task<List<(int, double, string, double, string)>> ReadAsync(RowCursor cursor)
        {
            var rows = new List<(int, double, string, double, string)>();
            await using (cursor)
            {
                while (cursor.Read())
                {
                    Assert.True(cursor.IsNull(1));
                    Assert.False(cursor.IsNull(0));
                    rows.Add((cursor.Int(0), cursor.Real(1), cursor.Text(2)!, cursor.Real(3), cursor.Text(4)!));
                    // Names with umlauts (Gütersloh) as well as plain ones.
                    var name = cursor.Text(4)!;
                    Assert.True(cursor.TextEquals(4, name));
                    Assert.False(cursor.TextEquals(4, name.ToUpperInvariant()));
                    Assert.False(cursor.TextEquals(4, name + "x"));
                    Assert.False(cursor.TextEquals(4, name[..^1]));
                    Assert.False(cursor.TextEquals(4, null));
                    Assert.True(cursor.TextEquals(1, null));
                    Assert.False(cursor.TextEquals(1, ""));
                }
            }
            return rows;
        }

        var fast = await ReadAsync(await Db.ReadRowsAsync(connection, null, sql, [("@Level", "Gemeinde"), ("@Key", "05")]));
        var command = connection.CreateCommand();
        command.CommandText = sql.Replace("@Level", "'Gemeinde'", StringComparison.Ordinal).Replace("@Key", "'05'", StringComparison.Ordinal);
        var plain = await ReadAsync(new RowCursor.OfReader(command, await command.ExecuteReaderAsync()));

        Assert.Equal(expected, fast);
        Assert.Equal(expected, plain);
    }

    [Fact]
    public async Task Area_search_matches_name_or_key_and_pages_in_key_order()
    {
        await Db.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(Db);

        var page = await Db.SearchCurrentAsync("057540", skip: 2, take: 3);
        Assert.Equal(["05754012", "05754016", "05754020"], page.Select(a => a.Key));
        Assert.Equal(["05754016"], (await Db.SearchCurrentAsync("Harsewinkel", 0, 10)).Select(a => a.Key));
        // LIKE wildcards in the search text are literal.
        Assert.Empty(await Db.SearchCurrentAsync("%", 0, 10));
    }

    [Fact]
    public async Task A_report_is_stored_edited_and_published_in_numbered_editions_that_read_back_as_published()
    {
        await Db.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(Db);
        await Monitoring.Core.Indicators.CatalogStore.SeedAsync(Db, Monitoring.Core.Indicators.IndicatorCatalog.Shipped());
        var definition = new ReportDefinition
        {
            Title = "Zielerreichung", Template = "Zielerreichung", ReportingDate = new DateOnly(2025, 6, 30), Areas = ["05754"],
        };
        var reports = new ReportWrites(Db, HomeArea.Default);
        var id = (await reports.CreateAsync("editor", definition)).Value;
        Assert.True((await reports.UpdateAsync("editor", id, definition with { Title = "Zielerreichung 2025", Commentary = new Dictionary<string, string> { ["AUS_ANT"] = "steigt" } })).Succeeded);

        var first = (await reports.PublishAsync("editor", id)).Value;
        var second = (await reports.PublishAsync("editor", id)).Value;

        Assert.Equal((1, 2), (first!.Edition, second!.Edition));
        Assert.Equal("Kreis Gütersloh", Assert.Single(second.Areas).Name);
        Assert.Equal([2, 1], (await Db.ListEditionsAsync(id)).Select(e => e.Edition));
        Assert.Equal(first.Serialize(), (await Db.FindEditionAsync(id, 1))!.Serialize());
        var report = (await Db.FindReportAsync(id))!;
        Assert.Equal(("Zielerreichung 2025", 2, "steigt"), (report.Title, report.Editions, report.Definition.Commentary["AUS_ANT"]));
        Assert.Equal(Monitoring.Core.Changes.WriteOutcome.Conflict, (await reports.DeleteAsync("editor", id)).Outcome);
        // A draft edited after it lists first, without editions, and the published one still reads its date.
        var draft = (await reports.CreateAsync("editor", definition with { Title = "Entwurf" })).Value;
        var listed = await Db.ListReportsAsync();
        Assert.Equal([draft, id], listed.Select(r => r.Id));
        Assert.Null(listed[0].LastPublishedAt);
        Assert.True(Math.Abs((listed[1].LastPublishedAt!.Value - second.PublishedAt!.Value).TotalSeconds) < 1);
        Assert.True((await reports.PublishAsync("editor", draft + 1000)).IsNotFound);
    }
}

public sealed class SqliteStorageTests : StorageContract
{
    protected override Task<ITestDatabase> CreateAsync() => Task.FromResult<ITestDatabase>(new SqliteTestDatabase());

    protected override async Task<IReadOnlyList<string>> SchemaObjectsAsync()
    {
        await using var connection = await Db.OpenAsync();
        var rows = await connection.QueryAsync<string>("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name");
        return rows.ToList();
    }
}

public sealed class SqlServerStorageTests : StorageContract
{
    protected override async Task<ITestDatabase> CreateAsync() => await SqlServerTestDatabase.CreateAsync();

    protected override async Task<IReadOnlyList<string>> SchemaObjectsAsync()
    {
        await using var connection = await Db.OpenAsync();
        var rows = await connection.QueryAsync<string>(
            """
            SELECT o.type_desc + ' ' + o.name + ' ' + ISNULL(c.name + ' ' + t.name, '')
            FROM sys.objects o
            LEFT JOIN sys.columns c ON c.object_id = o.object_id
            LEFT JOIN sys.types t ON t.user_type_id = c.user_type_id
            WHERE o.is_ms_shipped = 0
            UNION ALL
            SELECT 'INDEX ' + i.name FROM sys.indexes i JOIN sys.objects o ON o.object_id = i.object_id WHERE o.is_ms_shipped = 0 AND i.name IS NOT NULL
            ORDER BY 1
            """);
        return rows.ToList();
    }
}
