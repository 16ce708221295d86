using Monitoring.Core.Areas;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Tests.Core.Storage;

/// <summary>A test's own migrated SQLite store with the reference areas loaded, and a folder for its files.</summary>
public abstract class MigratedStore : IAsyncLifetime
{
    readonly SqliteTestDatabase test = new();

    protected string Folder { get; } = TestPaths.TempDirectory();

    protected Database Db => test.Database;

    /// <summary>The store's file, for a second <see cref="Database"/> on it (what another process is).</summary>
    protected string DatabasePath => test.FilePath;

    public virtual async ValueTask InitializeAsync()
    {
        await Db.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(Db);
    }

    /// <summary>Imports a GENESIS flat file of the given text through the import pipeline, as its own source, and expects it to succeed.</summary>
    protected async Task ImportFlatFileAsync(string name, string csv)
    {
        var path = Path.Combine(Folder, name);
        await File.WriteAllTextAsync(path, csv);
        var source = await Db.CreateSourceAsync(new DataSource { Name = name, Kind = SourceKind.GenesisFlatFile });
        var report = await new Importer(Db, NullLogger<Importer>.Instance).ImportFileAsync(source, path);
        Assert.Equal(ImportStatus.Succeeded, report.Status);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await test.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
