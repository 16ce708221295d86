using System.Text.RegularExpressions;

namespace Monitoring.Tests.Architecture;

/// <summary>
/// Issue 17: page models and endpoints hold no SQL and open no connection; they call a named query or a feature's
/// writes in Core (or the import pipeline), so that a rule or a query is found in one place.
/// </summary>
public sealed partial class NoSqlInHostsTests
{
    [Fact]
    public void No_page_model_or_endpoint_runs_sql_of_its_own()
    {
        var folders = new[] { Path.Combine("Monitoring.Web", "Pages"), "Monitoring.Http", "Monitoring.Api", Path.Combine("Monitoring.Ingest", "Commands") };
        var found = folders
            .SelectMany(folder => Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => Sql().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(TestPaths.RepositoryRoot, l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();
        Assert.True(found.Count == 0, "SQL or a connection in a host:\n" + string.Join("\n", found));
    }

    // Dapper, a connection of its own, or SQL text in a literal.
    [GeneratedRegex(@"\bDapper\b|\.OpenAsync\(|""\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\s", RegexOptions.IgnoreCase)]
    private static partial Regex Sql();
}
