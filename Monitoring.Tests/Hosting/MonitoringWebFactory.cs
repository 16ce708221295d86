using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Monitoring.Tests.Hosting;

/// <summary>A real host (Web or API-only) over its own embedded SQLite file.</summary>
public sealed class MonitoringFactory<TProgram>(string? databasePath = null, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Testing",
    Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) : WebApplicationFactory<TProgram> where TProgram : class
{
    readonly string directory = TestPaths.TempDirectory();

    /// <summary>Its own file, or another factory's to stand for a restart of the same installation.</summary>
    public string DatabasePath { get; } = databasePath ?? Path.Combine(TestPaths.TempDirectory(), "monitoring.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", DatabasePath);
        // Each host its own job queue: a shared one would hand one test's jobs to another test's database.
        builder.UseSetting("Jobs:SqlitePath", Path.Combine(directory, "jobs.db"));
        // Uploads wait for their job in the test's own folder, never in the source tree.
        builder.UseSetting("Imports:UploadFolder", Path.Combine(directory, "uploads"));
        builder.UseSetting("Imports:DropFolderRoot", Path.Combine(directory, "drop"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
