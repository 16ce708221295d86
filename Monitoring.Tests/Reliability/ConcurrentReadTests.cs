using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Reliability;

/// <summary>Readers while an import writes: the dashboard's API and direct queries, a hundred at once.</summary>
[Collection(HangfireCollection.Name)]
public sealed class ConcurrentReadTests
{
    [Fact]
    public async Task A_hundred_readers_during_an_import_get_no_errors_and_see_the_data_before_or_after_it_never_half()
    {
        await using var factory = new MonitoringFactory<Monitoring.Web.Program>();
        factory.CreateClient(); // the host with its demo data
        var database = factory.Services.GetRequiredService<Database>();
        var source = await database.CreateSourceAsync(new DataSource { Name = "Massendaten", Kind = SourceKind.GenesisFlatFile });
        var (file, rows) = await BulkFile.WriteAsync(TestPaths.TempDirectory(), years: 60, groups: 200);

        var import = Task.Run(() => factory.Services.GetRequiredService<Importer>().ImportFileAsync(source, file));
        var errors = new ConcurrentQueue<string>();
        var counts = new ConcurrentQueue<long>();
        var slowest = 0L;
        var readers = Enumerable.Range(0, 100).Select(reader => Task.Run(async () =>
        {
            var http = factory.CreateClient();
            while (!import.IsCompleted)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    if (reader % 2 == 0)
                    {
                        var response = await http.GetAsync(reader % 4 == 0 ? "/api/indicators/AUS_ANT/values?areas=05754" : "/Indikatoren/AUS_ANT");
                        if (!response.IsSuccessStatusCode) errors.Enqueue($"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode}");
                    }
                    else
                    {
                        await using var connection = await database.OpenAsync();
                        counts.Enqueue(await connection.ExecuteScalarAsync<long>(
                            "SELECT COUNT(*) FROM observations o JOIN variables v ON v.id = o.variable_id WHERE v.code = 'TEST'"));
                    }
                }
                catch (Exception e)
                {
                    errors.Enqueue(e.GetType().Name + ": " + e.Message);
                }
                InterlockedMax(ref slowest, clock.ElapsedMilliseconds);
            }
        })).ToList();
        var report = await import;
        await Task.WhenAll(readers);

        Assert.Equal(ImportStatus.Succeeded, report.Status);
        Assert.Empty(errors);
        Assert.All(counts, count => Assert.True(count == 0 || count == rows, $"a reader saw {count} of {rows} rows"));
        Assert.Contains(0L, counts); // readers ran while the run was being written
        Assert.True(counts.Count > 100, $"only {counts.Count} direct reads");
        TestContext.Current.SendDiagnosticMessage($"{counts.Count} direct reads during a {report.Duration.TotalSeconds:N1} s import of {rows:N0} rows; slowest read {slowest} ms");
    }

    static void InterlockedMax(ref long target, long value)
    {
        for (var current = Interlocked.Read(ref target); value > current; current = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
        }
    }
}
