using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Monitoring.Tests.Hosting;

/// <summary>A real host (Web or API-only) over its own embedded SQLite file.</summary>
public sealed class MonitoringFactory<TProgram> : WebApplicationFactory<TProgram> where TProgram : class
{
    readonly string directory = TestPaths.TempDirectory();

    public string DatabasePath => Path.Combine(directory, "monitoring.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:SqlitePath", DatabasePath);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
