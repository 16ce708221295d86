using System.Text;
using Monitoring.Ingestion.Demo;

namespace Monitoring.Tests.Ingestion.Demo;

public sealed class DemoDataTests
{
    [Fact]
    public void The_committed_demo_files_are_what_the_generator_writes()
    {
        var generated = DemoDataGenerator.Files();
        var committed = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "demo"), "*.csv").ToDictionary(f => new FileInfo(f).Name, File.ReadAllText);

        Assert.Equal(generated.Keys.Order(), committed.Keys.Order());
        foreach (var (name, text) in generated)
        {
            Assert.True(text == committed[name], $"demo/{name} is out of date: run 'dotnet run --project Monitoring.Ingest -- demo-data --out demo'");
        }
        Assert.Equal(generated.Keys.Order(), DemoDataImport.ShippedFiles().Select(f => f.Name).Order());
        Assert.All(DemoDataImport.ShippedFiles(), f => Assert.Equal(generated[f.Name], Encoding.UTF8.GetString(f.Content)));
    }

    [Fact]
    public void Every_demo_row_says_it_is_demo_data_and_every_file_has_a_title()
    {
        foreach (var (name, text) in DemoDataGenerator.Files())
        {
            Assert.True(DemoDataGenerator.Titles.ContainsKey(name), name);
            var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, row => Assert.Contains(";Beispieldaten: ", row, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_demo_covers_the_municipalities_the_kreis_and_nrw_from_2012_to_2024()
    {
        var population = DemoDataGenerator.Files()["12411_bevoelkerung_beispieldaten_flat.csv"];

        foreach (var key in new[] { "05754004", "05754008", "05754052", "05754", "05" })
        {
            Assert.Contains($";{key};", population, StringComparison.Ordinal);
        }
        Assert.Contains("31.12.2012", population, StringComparison.Ordinal);
        Assert.Contains("31.12.2024", population, StringComparison.Ordinal);
        Assert.DoesNotContain("31.12.2025", population, StringComparison.Ordinal);
    }
}
