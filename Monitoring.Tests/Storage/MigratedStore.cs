using Monitoring.Core.Areas;
using Monitoring.Core.Storage;

namespace Monitoring.Tests.Storage;

/// <summary>A test's own migrated SQLite store with the reference areas loaded, and a folder for its files.</summary>
public abstract class MigratedStore : IAsyncLifetime
{
    readonly SqliteTestDatabase test = new();

    protected string Folder { get; } = TestPaths.TempDirectory();

    protected Database Db => test.Database;

    public virtual async ValueTask InitializeAsync()
    {
        await Db.MigrateAsync();
        await ReferenceAreas.LoadAsync(Db);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await test.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
