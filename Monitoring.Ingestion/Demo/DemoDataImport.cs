using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Changes;
using Monitoring.Core.Goals;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Demo;

/// <summary>
/// On the embedded default's first start, imports the demo files shipped in <c>demo/</c> through the same pipeline
/// as real data, each as its own source marked as demo data. Off with <c>Demo:ImportOnFirstStart=false</c>.
/// </summary>
public sealed class DemoDataImport(Database database, SourceWrites sources, GoalWrites goalWrites, Importer importer, IConfiguration configuration, ILogger<DemoDataImport> logger) : IHostedService
{
    public const string SourcePrefix = "Beispieldaten – ";

    /// <summary>Who the audit log names for the demo's sources and goals.</summary>
    const string Actor = "system (Beispieldaten)";

    static T Stored<T>(WriteResult<T> result) => result.Value ?? throw new InvalidOperationException("Beispieldaten: " + string.Join(" ", result.Messages));

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
                var created = await sources.CreateAsync(Actor, new DataSource
                {
                    Name = SourcePrefix + DemoDataGenerator.Titles.GetValueOrDefault(name, name),
                    Kind = SourceKind.GenesisFlatFile,
                    IsDemo = true,
                }, cancellationToken);
                var source = Stored(created);
                var report = await importer.ImportFileAsync(source, path, name, cancellationToken: cancellationToken);
                logger.LogInformation("Demo data {File}: {Status}, {Inserted} observations", name, report.Status, report.Inserted);
            }
            finally
            {
                File.Delete(path);
            }
        }

        await CreateDemoGoalsAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Example goals for Kreis Gütersloh, marked as demo, so the overview has something to assess on the demo data.</summary>
    async Task CreateDemoGoalsAsync(CancellationToken cancellationToken)
    {
        const string Kreis = "05754";
        (string Title, string Field, (string Title, string Indicator, double? Value, Core.Indicators.Direction Direction, string Department)[] Targets)[] goals =
        [
            ("Teilhabe am Arbeitsmarkt stärken", "Ausbildung und Arbeit",
            [
                ("Beschäftigungsquote der Ausländerinnen und Ausländer erhöhen", "BESCH_Q_AUS", 60, Core.Indicators.Direction.Up, "Jobcenter und Wirtschaftsförderung"),
                ("Abstand der Beschäftigungsquoten verringern", "BESCH_Q_GAP", 5, Core.Indicators.Direction.Down, "Jobcenter und Wirtschaftsförderung"),
            ]),
            ("Armut vorbeugen", "Soziale Sicherung",
                [("SGB-II-Quote der Ausländerinnen und Ausländer senken", "SGB2_Q_AUS", 15, Core.Indicators.Direction.Down, "Jobcenter")]),
            ("Bildungserfolg unabhängig von der Herkunft", "Sprache und Bildung",
            [
                ("Schulabgänge ohne Abschluss verringern", "SCHUL_OHNE_AUS", 8, Core.Indicators.Direction.Down, "Schulamt und Kommunales Integrationszentrum"),
                ("Mehr ausländische Jugendliche zur Hochschulreife führen", "SCHUL_HSR_AUS", null, Core.Indicators.Direction.Up, "Schulamt"),
            ]),
            ("Rechtliche Integration fördern", "Rechtsstatus und Einbürgerung",
                [("Einbürgerungspotenzial stärker ausschöpfen", "EINB_POT", 4, Core.Indicators.Direction.Up, "Ausländerbehörde")]),
        ];
        foreach (var (title, field, targets) in goals)
        {
            // Through the same writes as an Editor's, audited as the demo's.
            var guiding = Stored(await goalWrites.CreateGoalAsync(Actor, new GoalDraft(null, title, field, null, IsDemo: true), cancellationToken));
            foreach (var target in targets)
            {
                var goal = Stored(await goalWrites.CreateGoalAsync(Actor, new GoalDraft(guiding.Id, target.Title, field, null, IsDemo: true), cancellationToken));
                Stored(await goalWrites.CreateTargetAsync(Actor, goal.Id,
                    new TargetDraft(target.Indicator, Kreis, 2015, 2030, target.Value, target.Direction, target.Department, null), cancellationToken));
            }
        }
    }

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
