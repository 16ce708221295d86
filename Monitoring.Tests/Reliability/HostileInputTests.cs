using System.IO.Compression;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Ingest.Imports;
using Monitoring.Ingest.Tabular;
using Monitoring.Tests.Storage;

namespace Monitoring.Tests.Reliability;

/// <summary>
/// Hostile and broken files through every adapter (GENESIS flat file, its ZIP, the district's CSV and XLSX): each ends
/// in a failed run with a message, never a crash, nothing stored, and memory bounded.
/// </summary>
public sealed class HostileInputTests : MigratedStore
{
    const long MemoryBound = 1024L * 1024 * 1024;

    static readonly TabularMapping Mapping = new()
    {
        AreaColumn = "AGS",
        PeriodColumn = "Jahr",
        Values = [new ValueColumn("Personen", "ABH_PERS", "Personen", "Anzahl")],
    };

    async Task<ImportReport> ImportAsync(SourceKind kind, string fileName, Action<string> write)
    {
        var path = Path.Combine(Folder, fileName);
        write(path);
        var source = await Db.CreateSourceAsync(new DataSource
        {
            Name = $"{kind} {Guid.NewGuid():N}"[..20],
            Kind = kind,
            Settings = kind == SourceKind.Tabular ? new SourceSettings { Mapping = Mapping } : new SourceSettings(),
        });
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var report = await new Importer(Db, NullLogger<Importer>.Instance).ImportFileAsync(source, path);
        // Allocated during the import, summed over time (tests running beside it count too, so the bound is generous).
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        Assert.True(allocated < MemoryBound, $"{fileName}: {allocated / (1024 * 1024)} MiB allocated");
        return report;
    }

    async Task AssertRefusedAsync(ImportReport report, params string[] expected)
    {
        Assert.Equal(ImportStatus.Failed, report.Status);
        Assert.False(string.IsNullOrWhiteSpace(report.Error));
        Assert.All(expected, e => Assert.Contains(e, report.Error!, StringComparison.OrdinalIgnoreCase));
        await using var connection = await Db.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM observations"));
    }

    public static TheoryData<SourceKind, string> Adapters => new()
    {
        { SourceKind.GenesisFlatFile, "zufall_flat.csv" },
        { SourceKind.GenesisFlatFile, "zufall.zip" },
        { SourceKind.Tabular, "zufall.csv" },
        { SourceKind.Tabular, "zufall.xlsx" },
    };

    [Theory]
    [MemberData(nameof(Adapters))]
    public async Task Random_bytes_fail_with_a_message_and_store_nothing(SourceKind kind, string fileName)
    {
        var random = new Random(20261125);
        var bytes = new byte[1 << 20];
        random.NextBytes(bytes);
        // A ZIP and a workbook start with the ZIP signature, so the random bytes reach the unpacking code.
        if (fileName.EndsWith(".zip", StringComparison.Ordinal) || fileName.EndsWith(".xlsx", StringComparison.Ordinal)) new byte[] { 0x50, 0x4B, 0x03, 0x04 }.CopyTo(bytes, 0);
        await AssertRefusedAsync(await ImportAsync(kind, fileName, path => File.WriteAllBytes(path, bytes)));
    }

    [Theory]
    [InlineData(SourceKind.GenesisFlatFile, "riesig_flat.csv")]
    [InlineData(SourceKind.Tabular, "riesig.csv")]
    public async Task An_enormous_field_is_refused_naming_line_and_column(SourceKind kind, string fileName)
    {
        var header = kind == SourceKind.Tabular ? "AGS;Jahr;Personen" :
            "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl";
        var report = await ImportAsync(kind, fileName, path =>
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            writer.WriteLine(header);
            writer.Write(kind == SourceKind.Tabular ? "05754008;2023;" : "12411;Bev;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;05754008;");
            var chunk = new string('x', 1 << 20);
            for (var i = 0; i < 64; i++) writer.Write(chunk); // a 64 MiB field
            writer.WriteLine(";1");
        });
        await AssertRefusedAsync(report, "line 2");
    }

    [Theory]
    [InlineData(SourceKind.GenesisFlatFile, "spalten_flat.csv")]
    [InlineData(SourceKind.Tabular, "spalten.csv")]
    public async Task A_million_columns_are_refused(SourceKind kind, string fileName)
    {
        var report = await ImportAsync(kind, fileName, path =>
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            writer.Write(kind == SourceKind.Tabular ? "AGS;Jahr;Personen" : "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit");
            for (var i = 0; i < 1_000_000; i++) writer.Write(";c");
            writer.WriteLine();
            writer.WriteLine("05754008;2023;1");
        });
        await AssertRefusedAsync(report, "column");
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_before_it_fills_the_disk()
    {
        var report = await ImportAsync(SourceKind.GenesisFlatFile, "bombe.zip", path =>
        {
            using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
            using var entry = zip.CreateEntry("daten_flat.csv", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 2048; i++) entry.Write(zeros); // 2 GiB of zeros, about 2 MiB packed
        });
        await AssertRefusedAsync(report, "bombe.zip", "refused");
    }

    [Fact]
    public async Task A_workbook_bomb_is_refused()
    {
        var report = await ImportAsync(SourceKind.Tabular, "bombe.xlsx", path =>
        {
            // A real workbook with 2 GiB of zeros packed beside its sheet, written entry by entry (an archive in update mode would hold it in memory).
            var plain = path + ".plain.xlsx";
            Ingest.Workbook.Write(plain, "Daten", [["AGS", "Jahr", "Personen"], ["05754008", 2023, 1]]);
            using (var source = ZipFile.OpenRead(plain))
            using (var bomb = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                foreach (var entry in source.Entries)
                {
                    using var from = entry.Open();
                    using var to = bomb.CreateEntry(entry.FullName).Open();
                    from.CopyTo(to);
                }
                using var padding = bomb.CreateEntry("xl/media/padding.bin", CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 2048; i++) padding.Write(zeros);
            }
            File.Delete(plain);
        });
        await AssertRefusedAsync(report, "bombe.xlsx", "refused");
    }
}
