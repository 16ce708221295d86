using System.CommandLine;
using Monitoring.Ingest.Commands;

namespace Monitoring.Ingest;

/// <summary>The operators' command line; the same code paths as the scheduled jobs.</summary>
public sealed class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Monitoring.Ingest: Datenbankpflege und Import amtlicher Statistiken für das Integrationsmonitoring.")
        {
            MigrateCommand.Create(),
            AreasCommand.Create(),
            SourcesCommand.Create(),
            ImportCommand.Create(),
            RunsCommand.Create(),
            RunCommand.Create(),
            WorkerCommand.Create(),
            DemoDataCommand.Create(),
            RecomputeCommand.Create(),
            UsersCommand.Create(),
            CatalogCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
