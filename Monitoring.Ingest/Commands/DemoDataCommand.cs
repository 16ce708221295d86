using System.CommandLine;
using Monitoring.Ingestion.Demo;

namespace Monitoring.Ingest.Commands;

/// <summary><c>demo-data --out demo</c>: regenerates the synthetic demo files committed in the repository.</summary>
static class DemoDataCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Der Ordner, in den geschrieben wird.", DefaultValueFactory = _ => new DirectoryInfo("demo") };
        var command = new Command("demo-data", "Die erfundenen Beispieldaten als GENESIS-Flatfiles schreiben.") { output };
        command.SetAction(parseResult =>
        {
            foreach (var path in DemoDataGenerator.WriteTo(parseResult.GetRequiredValue(output).FullName))
            {
                Console.WriteLine(path);
            }
            return 0;
        });
        return command;
    }
}
