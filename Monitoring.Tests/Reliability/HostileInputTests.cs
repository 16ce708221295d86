using System.IO.Compression;
using System.Reflection;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Http.Sources;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Tabular;
using Monitoring.Tests.Core.Storage;

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
        await AssertRefusedAsync(report, "Zeile 2");
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
        await AssertRefusedAsync(report, "Spalte");
    }

    [Theory]
    [InlineData(SourceKind.GenesisFlatFile, "einzeilig_flat.csv")]
    [InlineData(SourceKind.GenesisTable, "einzeilig_tabelle.csv")]
    [InlineData(SourceKind.Tabular, "einzeilig.csv")]
    public async Task A_10_MB_single_line_fails_fast_with_the_column_limit(SourceKind kind, string fileName)
    {
        // The reader-level test (CheckedTextReaderTests) measures the memory on its own thread; this one the whole run.
        var report = await ImportAsync(kind, fileName, Monitoring.Tests.Ingestion.Files.CheckedTextReaderTests.WriteSingleLine);

        await AssertRefusedAsync(report, fileName, "mehr als 16.384 Spalten");
        Assert.True(report.Error!.Length < 500, report.Error);
    }

    [Fact]
    public async Task A_windows_1252_file_declared_utf8_fails_naming_the_first_bad_line_and_stores_nothing()
    {
        var path = Path.Combine(Folder, "ansi_flat.csv");
        await File.WriteAllTextAsync(path, Monitoring.Tests.Ingestion.Genesis.GenesisSamples.GermanWide, ReceivedFile.Windows1252);
        var source = await Db.CreateSourceAsync(new DataSource { Name = "Erklärt UTF-8", Kind = SourceKind.GenesisFlatFile, Settings = new SourceSettings { Encoding = "utf-8" } });

        var report = await new Importer(Db, NullLogger<Importer>.Instance).ImportFileAsync(source, path);

        // Line 2, column 29: the 'ö' of "Bevölkerungsstandes", the file's first byte that is no UTF-8.
        await AssertRefusedAsync(report, "ansi_flat.csv", "kein UTF-8-Text");
        Assert.Matches(@"^ansi_flat\.csv, Zeile 2, Spalte 29: ", report.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_cut_off_while_it_is_copied_leaves_no_file_behind(bool cancelled)
    {
        var source = await Db.CreateSourceAsync(new DataSource { Name = $"Abgebrochen {cancelled}", Kind = SourceKind.GenesisFlatFile });
        var uploads = Path.Combine(Folder, "uploads");
        var writes = new SourceWrites(Db, new SourceSettingsCheck(new DropFolders(new ConfigurationBuilder().Build(), new ContentRoot(Folder)),
            new Monitoring.Ingestion.Genesis.GenesisConnections(new ConfigurationBuilder().Build())), new ServiceCollection().BuildServiceProvider());
        var values = new Dictionary<Type, object?>
        {
            [typeof(int)] = source.Id,
            [typeof(IFormFile)] = new CutOffFile(cancelled),
            [typeof(bool?)] = null,
            [typeof(HttpContext)] = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() },
            [typeof(Database)] = Db,
            [typeof(Importer)] = new Importer(Db, NullLogger<Importer>.Instance),
            [typeof(SourceWrites)] = writes,
            [typeof(Monitoring.Ingestion.Jobs.FileImports)] = new Monitoring.Ingestion.Jobs.FileImports(Db, writes, new ServiceCollection().BuildServiceProvider()),
            [typeof(IConfiguration)] = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Imports:UploadFolder"] = uploads }).Build(),
            [typeof(IHostEnvironment)] = new ContentRoot(Folder),
            [typeof(CancellationToken)] = CancellationToken.None,
        };
        // The endpoint's own method, called as the route calls it, with a request body that breaks off half-way.
        var upload = typeof(SourceEndpoints).GetMethod("UploadAsync", BindingFlags.NonPublic | BindingFlags.Static)!;
        var arguments = upload.GetParameters()
            .Select(p => values.TryGetValue(p.ParameterType, out var value) ? value : throw new InvalidOperationException($"UploadAsync takes {p.ParameterType.Name} {p.Name}; give the test one"))
            .ToArray();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => (Task)upload.Invoke(null, arguments)!);

        if (cancelled) Assert.IsAssignableFrom<OperationCanceledException>(failure);
        else Assert.IsType<IOException>(failure);
        Assert.True(Directory.Exists(uploads), "the copy had begun");
        Assert.Empty(Directory.GetFiles(uploads));
    }

    /// <summary>An uploaded file whose request breaks off after 64 KiB, by a lost connection or a cancelled request.</summary>
    sealed class CutOffFile(bool cancelled) : IFormFile
    {
        public string ContentType => "text/csv";
        public string ContentDisposition => "form-data; name=\"file\"; filename=\"abgebrochen_flat.csv\"";
        public IHeaderDictionary Headers { get; } = new HeaderDictionary();
        public long Length => 1 << 20;
        public string Name => "file";
        public string FileName => "abgebrochen_flat.csv";

        public void CopyTo(Stream target) => throw new NotSupportedException();

        public async Task CopyToAsync(Stream target, CancellationToken cancellationToken = default)
        {
            await target.WriteAsync(new byte[64 * 1024], cancellationToken);
            if (cancelled) throw new OperationCanceledException("Die Anfrage wurde abgebrochen.");
            throw new IOException("Die Verbindung wurde unterbrochen.");
        }

        public Stream OpenReadStream() => throw new NotSupportedException();
    }

    sealed class ContentRoot(string path) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "Monitoring.Tests";
        public string ContentRootPath { get; set; } = path;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
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
        await AssertRefusedAsync(report, "bombe.zip", "abgewiesen");
    }

    [Fact]
    public async Task A_workbook_bomb_is_refused()
    {
        var report = await ImportAsync(SourceKind.Tabular, "bombe.xlsx", path =>
        {
            // A real workbook with 2 GiB of zeros packed beside its sheet, written entry by entry (an archive in update mode would hold it in memory).
            var plain = path + ".plain.xlsx";
            Monitoring.Tests.Ingestion.Tabular.Workbook.Write(plain, "Daten", [["AGS", "Jahr", "Personen"], ["05754008", 2023, 1]]);
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
        await AssertRefusedAsync(report, "bombe.xlsx", "abgewiesen");
    }
}
