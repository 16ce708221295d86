
namespace Monitoring.Tests;

static class TestPaths
{
    /// <summary>The repository root: the folder holding Monitoring.sln, found upwards from the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The build configuration these tests were built with (Debug or Release), so sibling hosts are found in the same one.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "monitoring-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Monitoring.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Monitoring.sln not found above " + AppContext.BaseDirectory);
    }
}
