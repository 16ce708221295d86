using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Reliability;

/// <summary>A SQLite file in a folder of its own, migrated, with the reference areas and one import of the population sample already in it.</summary>
sealed record ImportedStore(string Directory, string Path, Database Database, DataSource Source)
{
    /// <param name="settings">More settings for the store's database (a time-out, a size limit).</param>
    public static async Task<ImportedStore> CreateAsync(params (string Key, string Value)[] settings)
    {
        var directory = TestPaths.TempDirectory();
        var path = System.IO.Path.Combine(directory, "monitoring.db");
        var database = TestDatabases.Create([("Database:Provider", "Sqlite"), ("Database:SqlitePath", path), .. settings]);
        await database.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(database);
        var source = await database.CreateSourceAsync(new DataSource { Name = "Bevölkerung", Kind = SourceKind.GenesisFlatFile });
        var file = System.IO.Path.Combine(directory, "bevoelkerung_flat.csv");
        await File.WriteAllTextAsync(file, GenesisSamples.GermanWide);
        Assert.Equal(ImportStatus.Succeeded, (await new Importer(database, NullLogger<Importer>.Instance).ImportFileAsync(source, file)).Status);
        return new ImportedStore(directory, path, database, source);
    }
}
