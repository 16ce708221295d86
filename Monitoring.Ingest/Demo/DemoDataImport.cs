using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;

namespace Monitoring.Ingest.Demo;

/// <summary>
/// On the embedded default's first start, imports the demo files shipped in <c>demo/</c> through the same pipeline
/// as real data, each as its own source marked as demo data. Off with <c>Demo:ImportOnFirstStart=false</c>.
/// </summary>
public sealed class DemoDataImport(Database database, Importer importer, IConfiguration configuration, ILogger<DemoDataImport> logger) : IHostedService
{
    public const string SourcePrefix = "Beispieldaten – ";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Demo:ImportOnFirstStart", false)) return;
        if ((await database.ListSourcesAsync(cancellationToken)).Any(s => s.IsDemo)) return;

        foreach (var (name, content) in ShippedFiles())
        {
            var path = Path.Combine(Path.GetTempPath(), $"monitoring-demo-{Guid.NewGuid():N}-{name}");
            await File.WriteAllBytesAsync(path, content, cancellationToken);
            try
            {
                var source = await database.CreateSourceAsync(new DataSource
                {
                    Name = SourcePrefix + DemoDataGenerator.Titles.GetValueOrDefault(name, name),
                    Kind = SourceKind.GenesisFlatFile,
                    IsDemo = true,
                }, cancellationToken);
                var report = await importer.ImportFileAsync(source, path, name, cancellationToken: cancellationToken);
                logger.LogInformation("Demo data {File}: {Status}, {Inserted} observations", name, report.Status, report.Inserted);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The demo files as committed in <c>demo/</c>, embedded in this assembly.</summary>
    public static IEnumerable<(string Name, byte[] Content)> ShippedFiles()
    {
        var assembly = typeof(DemoDataImport).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("demo/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            yield return (resource["demo/".Length..], buffer.ToArray());
        }
    }
}
