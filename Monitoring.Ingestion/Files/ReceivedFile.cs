using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Monitoring.Ingestion.Files;

/// <summary>
/// A file as received (upload, drop folder, download): its content hash, its text encoding, and the text file
/// to read (the CSV inside a GENESIS ZIP, extracted with a size limit).
/// </summary>
public sealed class ReceivedFile : IDisposable
{
    /// <summary>Largest text inside a ZIP we extract: a zip bomb stops here with an error instead of filling the disk.</summary>
    public const long MaxExtractedBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Packing ratio above which a large entry is taken for a zip bomb. Statistical CSV and workbook XML pack 5 to 40 times;
    /// runs of one byte pack a thousand times.
    /// </summary>
    public const int MaxPackingRatio = 100;

    /// <summary>Entries smaller than this may pack as tightly as they like.</summary>
    const long RatioCheckedAbove = 64L * 1024 * 1024;

    static ReceivedFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);


    readonly string? extracted;

    ReceivedFile(string name, string hash, string textPath, string? extracted, Encoding encoding)
    {
        Name = name;
        Hash = hash;
        TextPath = textPath;
        this.extracted = extracted;
        Encoding = encoding;
    }

    /// <summary>The name to report (the original file name, or the ZIP's name with the entry).</summary>
    public string Name { get; }

    /// <summary>SHA-256 of the file as received, lower-case hex.</summary>
    public string Hash { get; }

    public string TextPath { get; }

    public Encoding Encoding { get; }

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>
    /// Opens <paramref name="path"/>. <paramref name="encoding"/> is <c>auto</c> (UTF-8 with or without BOM,
    /// otherwise Windows-1252, as GENESIS downloads often are) or a name such as <c>utf-8</c> or <c>windows-1252</c>.
    /// </summary>
    /// <param name="path">The file as received.</param>
    /// <param name="displayName">The name to report; the file's own name when null.</param>
    /// <param name="encoding">The text encoding setting.</param>
    /// <param name="unpackZip">Take the CSV out of a ZIP (GENESIS); off for workbooks, which are ZIPs themselves.</param>
    /// <param name="cancellationToken">Cancels hashing and unpacking.</param>
    public static async Task<ReceivedFile> OpenAsync(string path, string? displayName, string encoding, bool unpackZip, CancellationToken cancellationToken)
    {
        var name = displayName ?? Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"Die Datei {name} gibt es nicht.", path);

        var hash = await HashAsync(path, cancellationToken);
        string textPath = path;
        string? extracted = null;
        var isZip = await IsZipAsync(path, cancellationToken);
        // A workbook is a ZIP too: its entries are checked before any reader unpacks them.
        if (isZip) CheckArchive(path, name);
        if (unpackZip && isZip)
        {
            (extracted, var entry) = await ExtractCsvAsync(path, name, cancellationToken);
            textPath = extracted;
            name = $"{name}!{entry}";
        }

        try
        {
            return new ReceivedFile(name, hash, textPath, extracted, await EncodingOfAsync(textPath, encoding, cancellationToken));
        }
        catch
        {
            if (extracted is not null) File.Delete(extracted);
            throw;
        }
    }

    /// <summary>The encoding a text file is read in: <paramref name="encoding"/> is a source's setting (<c>auto</c>, <c>utf-8</c>, <c>windows-1252</c>).</summary>
    public static async Task<Encoding> EncodingOfAsync(string path, string encoding, CancellationToken cancellationToken) =>
        encoding.Equals("auto", StringComparison.OrdinalIgnoreCase) ? await DetectEncodingAsync(path, cancellationToken) : ByName(encoding);

    /// <summary>Whether the file is a workbook (.xlsx, .xls) rather than text.</summary>
    public bool IsWorkbook => IsWorkbookName(Name);

    /// <summary>Whether a file of this name is a workbook (.xlsx, .xls).</summary>
    public static bool IsWorkbookName(string fileName) =>
        Path.GetExtension(fileName) is var extension && (extension.Equals(".xlsx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".xls", StringComparison.OrdinalIgnoreCase));

    public Stream OpenRead() => reading = new FileStream(TextPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    FileStream? reading;

    /// <summary>How far the text last opened has been read (0 to 1), for a run's progress; null for a workbook, whose XML is read unpacked and out of order.</summary>
    public double? ReadFraction => !IsWorkbook && reading is { CanRead: true } stream && stream.Length > 0 ? Math.Min(1, (double)stream.Position / stream.Length) : null;

    /// <summary>
    /// Opens the text for reading through the importer's limits (<see cref="CheckedTextReader"/>); a BOM, if present,
    /// is skipped. Bytes that are not text in <see cref="Encoding"/> fail the read naming the line, never U+FFFD.
    /// </summary>
    public CheckedTextReader OpenText() => new(OpenRead(), Encoding, Name);

    public void Dispose()
    {
        if (extracted is not null && File.Exists(extracted)) File.Delete(extracted);
    }

    static Encoding ByName(string name)
    {
        try
        {
            return name.ToLowerInvariant() switch
            {
                "utf-8" or "utf8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
                "windows-1252" or "cp1252" or "ansi" => Windows1252,
                "iso-8859-1" or "latin1" => Encoding.Latin1,
                var other => Encoding.GetEncoding(other),
            };
        }
        catch (ArgumentException)
        {
            throw new InvalidDataException($"Die Kodierung „{name}“ der Datenquelle ist unbekannt: bitte die Kodierung der Datenquelle auf auto, utf-8 oder windows-1252 stellen.");
        }
    }

    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    static async Task<bool> IsZipAsync(string path, CancellationToken cancellationToken)
    {
        var magic = new byte[4];
        await using var stream = File.OpenRead(path);
        var read = await stream.ReadAtLeastAsync(magic, 4, throwOnEndOfStream: false, cancellationToken);
        return read == 4 && magic is [0x50, 0x4B, 0x03, 0x04];
    }

    /// <summary>Refuses a ZIP (a GENESIS download or a workbook) that cannot be read, or whose entries would unpack like a zip bomb.</summary>
    static void CheckArchive(string path, string name)
    {
        using var archive = OpenArchive(path, name);
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            total += entry.Length;
            if (entry.Length > RatioCheckedAbove && entry.Length > MaxPackingRatio * Math.Max(1, entry.CompressedLength))
            {
                throw new InvalidDataException(string.Create(Core.German.Culture,
                    $"{name}: {entry.FullName} würde sich auf das {entry.Length / Math.Max(1, entry.CompressedLength):N0}-Fache entpacken, auf {entry.Length / (1024 * 1024):N0} MiB, wie es nur eine ZIP-Bombe tut; abgewiesen."));
            }
        }
        if (total > MaxExtractedBytes) throw new InvalidDataException(string.Create(Core.German.Culture, $"{name}: entpackt mehr als {MaxExtractedBytes / (1024 * 1024):N0} MiB; abgewiesen."));
    }

    static ZipArchive OpenArchive(string path, string name)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{name}: kein lesbares ZIP-Archiv und keine lesbare Arbeitsmappe ({ex.Message}).", ex);
        }
    }

    static async Task<(string Path, string Entry)> ExtractCsvAsync(string zipPath, string name, CancellationToken cancellationToken)
    {
        using var archive = OpenArchive(zipPath, name);
        var csvs = archive.Entries.Where(e => e.FullName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).ToList();
        var entry = csvs.FirstOrDefault(e => e.FullName.EndsWith("_flat.csv", StringComparison.OrdinalIgnoreCase))
            ?? (csvs.Count == 1 ? csvs[0] : null)
            ?? throw new InvalidDataException($"{name}: das ZIP-Archiv enthält {csvs.Count} CSV-Dateien ({string.Join(", ", csvs.Take(5).Select(e => e.FullName))}); erwartet wird eine, oder eine namens *_flat.csv.");

        var target = Path.Combine(Path.GetTempPath(), $"monitoring-{Guid.NewGuid():N}.csv");
        try
        {
            await using var input = entry.Open();
            await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            // The declared size can lie; count what actually comes out.
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > MaxExtractedBytes || total > entry.Length)
                {
                    throw new InvalidDataException(string.Create(Core.German.Culture, $"{name}: {entry.FullName} entpackt mehr als die erlaubten {Math.Min(entry.Length, MaxExtractedBytes) / (1024 * 1024):N0} MiB; abgewiesen."));
                }
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            return (target, entry.FullName);
        }
        catch
        {
            File.Delete(target);
            throw;
        }
    }

    /// <summary>UTF-8 when the whole file decodes as UTF-8 (BOM or not), otherwise Windows-1252.</summary>
    static async Task<Encoding> DetectEncodingAsync(string path, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[(1 << 16) + 4];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        int read;
        try
        {
            while ((read = await stream.ReadAsync(bytes, cancellationToken)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252;
        }
    }
}
