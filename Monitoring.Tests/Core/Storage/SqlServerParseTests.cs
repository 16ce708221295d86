using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Monitoring.Core.Storage;

namespace Monitoring.Tests.Core.Storage;

/// <summary>
/// No SQL Server runs here, so every SQL Server script and every query text in the code is parsed with
/// Microsoft's T-SQL parser; shared query texts are also compiled against a migrated SQLite schema.
/// Query texts are found by convention (docs/architecture.md): const string fields holding SQL, and
/// static methods that take a <see cref="SqlDialect"/> and return the SQL.
/// </summary>
public sealed class SqlServerParseTests
{
    static readonly string[] SqlStarts = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "DECLARE", "EXEC", "CREATE", "ALTER"];

    /// <summary>Every product assembly beside the tests (a library added later is searched too), the test and benchmark projects left out.</summary>
    static readonly Assembly[] ProductAssemblies = Directory.GetFiles(AppContext.BaseDirectory, "Monitoring.*.dll")
        .Select(Path.GetFileNameWithoutExtension)
        .Where(name => name is not ("Monitoring.Tests" or "Monitoring.Benchmarks"))
        .Order(StringComparer.Ordinal)
        .Select(name => Assembly.Load(name!))
        .ToArray();

    [Fact]
    public void The_search_covers_every_product_project()
    {
        Assert.Equal(["Monitoring.Api", "Monitoring.Core", "Monitoring.Http", "Monitoring.Ingest", "Monitoring.Ingestion", "Monitoring.Publishing", "Monitoring.Web"],
            ProductAssemblies.Select(a => a.GetName().Name));
    }

    [Fact]
    public void Every_sql_server_schema_script_parses()
    {
        var scripts = Schema.Scripts(DatabaseProvider.SqlServer);
        var onDisk = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "sql", "sqlserver"), "*.sql").Select(Path.GetFileName).Order();

        Assert.Equal(onDisk, scripts.Select(s => s.Name));
        foreach (var script in scripts)
        {
            AssertParses(script.Name, script.Contents);
        }
    }

    [Fact]
    public void Every_query_in_the_code_parses_as_t_sql()
    {
        var queries = QueryTexts(SqlDialect.SqlServer).ToList();

        Assert.True(queries.Count >= 8, $"only {queries.Count} query texts found; has the convention changed?");
        foreach (var (name, sql) in queries)
        {
            AssertParses(name, sql);
        }
    }

    [Fact]
    public async Task Every_query_in_the_code_compiles_against_the_sqlite_schema()
    {
        await using var test = new SqliteTestDatabase();
        await test.Database.MigrateAsync();
        await using var connection = (Microsoft.Data.Sqlite.SqliteConnection)await test.Database.OpenAsync();

        var queries = QueryTexts(SqlDialect.Sqlite).Where(q => !q.Name.StartsWith("SqlServerDatabase.", StringComparison.Ordinal)).ToList();
        // Temporary tables the code creates must exist before the queries that use them compile.
        foreach (var (_, sql) in queries.Where(q => q.Sql.StartsWith("CREATE TEMP", StringComparison.Ordinal)))
        {
            await using var create = connection.CreateCommand();
            create.CommandText = sql;
            await create.ExecuteNonQueryAsync();
        }
        foreach (var (name, sql) in queries.Where(q => !q.Name.Contains("Drop", StringComparison.Ordinal) && !q.Sql.StartsWith("CREATE TEMP", StringComparison.Ordinal)))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = Record.Exception(command.Prepare);
            Assert.True(error is null, $"{name} does not compile on SQLite: {error?.Message}\n{sql}");
        }
    }

    [Fact]
    public void The_parse_check_rejects_sqlite_only_syntax()
    {
        Assert.NotEmpty(ParseErrors("SELECT name FROM areas LIMIT @Take OFFSET @Skip"));
        Assert.NotEmpty(ParseErrors("INSERT INTO areas (name) VALUES (@Name) ON CONFLICT (name) DO NOTHING"));
        Assert.Empty(ParseErrors(SqlDialect.SqlServer.Page("SELECT name FROM areas ORDER BY name")));
    }

    /// <summary>Dapper expands <c>IN @List</c> into a parameter list before the database sees it; so does this test.</summary>
    static string AsSent(string sql) => System.Text.RegularExpressions.Regex.Replace(sql, @"\bIN\s+@(\w+)", "IN (@$1_1, @$1_2)");

    /// <summary>Each query text found in the product assemblies, rendered for <paramref name="dialect"/>, with a name for messages.</summary>
    static IEnumerable<(string Name, string Sql)> QueryTexts(SqlDialect dialect)
    {
        const BindingFlags all = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var type in ProductAssemblies.SelectMany(a => a.GetTypes()))
        {
            foreach (var field in type.GetFields(all).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                var text = (string)field.GetRawConstantValue()!;
                if (LooksLikeSql(text)) yield return ($"{type.Name}.{field.Name}", AsSent(text));
            }
            foreach (var method in type.GetMethods(all).Where(m => m.ReturnType == typeof(string)
                         && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(SqlDialect)))
            {
                yield return ($"{type.Name}.{method.Name}", AsSent((string)method.Invoke(null, [dialect])!));
            }
        }
    }

    static bool LooksLikeSql(string text)
    {
        var trimmed = text.TrimStart();
        return SqlStarts.Any(start => trimmed.StartsWith(start + " ", StringComparison.OrdinalIgnoreCase)
                                      || trimmed.StartsWith(start + "\n", StringComparison.OrdinalIgnoreCase));
    }

    static void AssertParses(string name, string sql)
    {
        var errors = ParseErrors(sql);
        Assert.True(errors.Count == 0,
            $"{name} is not valid T-SQL:\n" + string.Join("\n", errors.Select(e => $"  line {e.Line}, column {e.Column}: {e.Message}")) + "\n" + sql);
    }

    static IList<ParseError> ParseErrors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }
}
