using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Monitoring.Tests.Architecture;

/// <summary>
/// Issue 17: hosts are only hosts. No project references an executable (the test and benchmark projects excepted: they
/// start the hosts to test and measure them), and docs/architecture.md's list of references is the projects' own.
/// </summary>
public sealed partial class ProjectReferenceTests
{
    sealed record Project(string Name, bool Executable, IReadOnlySet<string> References);

    static IReadOnlyList<Project> Projects() =>
        Directory.GetFiles(TestPaths.RepositoryRoot, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path =>
            {
                var xml = XDocument.Load(path);
                var executable = (string?)xml.Root!.Attribute("Sdk") == "Microsoft.NET.Sdk.Web"
                    || xml.Descendants("OutputType").Any(o => o.Value.Trim().Equals("Exe", StringComparison.OrdinalIgnoreCase));
                var references = xml.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(((string)r.Attribute("Include")!).Replace('\\', '/'))).ToHashSet();
                return new Project(Path.GetFileNameWithoutExtension(path), executable, references);
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    static bool IsTooling(Project project) => project.Name is "Monitoring.Tests" or "Monitoring.Benchmarks";

    [Fact]
    public void No_host_or_library_references_a_project_that_is_an_executable()
    {
        var projects = Projects();
        var executables = projects.Where(p => p.Executable).Select(p => p.Name).ToHashSet();
        Assert.Equal(["Monitoring.Api", "Monitoring.Benchmarks", "Monitoring.Ingest", "Monitoring.Tests", "Monitoring.Web"], executables.Order());
        var wrong = projects.Where(p => !IsTooling(p)).SelectMany(p => p.References.Where(executables.Contains).Select(r => $"{p.Name} → {r}")).ToList();
        Assert.True(wrong.Count == 0, "A host references another executable: " + string.Join(", ", wrong));
    }

    [Fact]
    public void The_architecture_page_lists_the_project_references_as_they_are()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "architecture.md"));
        var documented = ReferenceLine().Matches(page).ToDictionary(
            m => m.Groups["project"].Value,
            m => m.Groups["references"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(r => r != "–").ToHashSet());
        foreach (var project in Projects())
        {
            Assert.True(documented.TryGetValue(project.Name, out var listed), $"docs/architecture.md does not list {project.Name}");
            Assert.True(listed.SetEquals(project.References),
                $"{project.Name} references {string.Join(", ", project.References.Order())}; docs/architecture.md says {string.Join(", ", listed.Order())}");
        }
    }

    // Lines of the page's reference list: "Monitoring.Web → Monitoring.Http, Monitoring.Core".
    [GeneratedRegex(@"^(?<project>Monitoring\.[A-Za-z]+)\s+→\s+(?<references>.+)$", RegexOptions.Multiline)]
    private static partial Regex ReferenceLine();
}
