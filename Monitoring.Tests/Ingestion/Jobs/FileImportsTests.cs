using Dapper;
using Hangfire;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;
using Monitoring.Tests.Core.Storage;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Ingestion.Jobs;

/// <summary>Issue 18: an upload queued as a job owns its file, shows its progress while it runs, and is cancelled with an audit entry.</summary>
[Collection(HangfireCollection.Name)]
public sealed class FileImportsTests : MigratedStore
{
    SQLiteStorage? storage;

    public override async ValueTask InitializeAsync()
    {
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        await base.InitializeAsync();
        storage = new SQLiteStorage(Path.Combine(Folder, "jobs.db"), new SQLiteStorageOptions());
    }

    public override async ValueTask DisposeAsync()
    {
        storage?.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_queued_upload_owns_its_file_reports_progress_and_is_cancelled_with_an_audit_entry()
    {
        var configuration = new ConfigurationBuilder().Build();
        var writes = new SourceWrites(Db, new SourceSettingsCheck(new DropFolders(configuration, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Folder }),
            new GenesisConnections(configuration)), new ServiceCollection().BuildServiceProvider());
        var imports = new FileImports(Db, writes, new ServiceCollection().AddSingleton<IBackgroundJobClient>(new BackgroundJobClient(storage!)).BuildServiceProvider());
        var source = await Db.CreateSourceAsync(new DataSource { Name = "Eigene", Kind = SourceKind.GenesisExport });
        var uploads = Directory.CreateDirectory(Path.Combine(Folder, "uploads")).FullName;
        var preview = Path.Combine(uploads, Monitoring.Ingestion.Files.UploadFolder.NewPreviewName("eigene.csv"));
        await File.WriteAllTextAsync(preview, "x");

        var job = await imports.EnqueueAsync("analyse", source, preview, "eigene.csv", CancellationToken.None);

        Assert.False(File.Exists(preview));
        Assert.DoesNotContain("vorschau-", Path.GetFileName(Assert.Single(Directory.GetFiles(uploads))), StringComparison.Ordinal);
        var progress = new ImportJobProgress(storage!);
        progress.For(job).Report(new ImportProgress(12_345, 0.25));
        var waiting = progress.Read(job)!;
        Assert.Equal(("wartet auf einen freien Platz", true, new ImportProgress(12_345, 0.25)), (waiting.German, waiting.Open, waiting.Progress));

        Assert.True(await imports.CancelAsync("analyse", job, CancellationToken.None));

        var cancelled = progress.Read(job)!;
        Assert.Equal(("abgebrochen", false), (cancelled.German, cancelled.Open));
        await using var connection = await Db.OpenAsync();
        Assert.Equal(["source.upload", "import.cancel"], (await connection.QueryAsync<string>("SELECT action FROM audit_log ORDER BY id")).ToList());
        Assert.False(await imports.CancelAsync("analyse", "../../etc", CancellationToken.None));
        Assert.Null(progress.Read("999999"));
    }
}
