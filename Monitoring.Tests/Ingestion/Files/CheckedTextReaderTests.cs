using System.Text;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Tabular;

namespace Monitoring.Tests.Ingestion.Files;

/// <summary>The limits every reader and the workspace preview share: fields and characters per row, and the declared encoding.</summary>
public sealed class CheckedTextReaderTests : IDisposable
{
    readonly string folder = TestPaths.TempDirectory();

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>10 MiB in one line of "x;x;…": 5,242,880 columns of one name, the upload whose header check kept 600 MB.</summary>
    internal static void WriteSingleLine(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var chunk = string.Concat(Enumerable.Repeat("x;", 4096));
        for (var i = 0; i < 10 * 1024 * 1024 / chunk.Length; i++) writer.Write(chunk);
    }

    static readonly TabularMapping Mapping = new()
    {
        AreaColumn = "AGS",
        PeriodColumn = "Jahr",
        Values = [new ValueColumn("Personen", "ABH_PERS", "Personen", "Anzahl")],
    };

    public static TheoryData<string> Readers => new() { "GENESIS flat file", "GENESIS table", "tabular CSV", "workspace preview" };

    static void ReadAll(string reader, TextReader text, string file)
    {
        switch (reader)
        {
            case "GENESIS flat file": _ = FlatFileReader.Read(text, file).ToList(); break;
            case "GENESIS table": _ = TableFileReader.Read(text, file).ToList(); break;
            case "tabular CSV": _ = TabularReader.ReadCsv(text, file, Mapping).ToList(); break;
            default: _ = TabularPreview.Read(text, file); break;
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void A_10_MB_single_line_is_refused_after_its_first_columns_by_every_reader_without_a_large_message(string reader)
    {
        var path = Path.Combine(folder, "einzeilig.csv");
        WriteSingleLine(path);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<SourceFormatException>(() =>
        {
            using var text = new CheckedTextReader(File.OpenRead(path), new UTF8Encoding(false, throwOnInvalidBytes: true), "einzeilig.csv");
            ReadAll(reader, text, "einzeilig.csv");
        });
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((1L, CheckedTextReader.MaxColumns + 1), (error.Line, error.Column));
        Assert.StartsWith("einzeilig.csv, ", error.Message, StringComparison.Ordinal);
        Assert.Contains("mehr als 16.384 Spalten", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 500, error.Message);
        // Before: the CSV reader's header check built a message naming all 5,242,880 repetitions, about 600 MB.
        Assert.True(allocated < 32L * 1024 * 1024, $"{reader}: {allocated / (1024 * 1024)} MiB allocated");
    }

    [Fact]
    public void A_row_of_exactly_16384_columns_passes_one_more_is_refused_and_quoted_delimiters_and_line_breaks_belong_to_their_field()
    {
        var quoted = "a;\"" + new string(';', 20_000) + "\nx\";b\n"; // one row of two fields on lines 1 and 2
        var widest = string.Concat(Enumerable.Repeat("c;", CheckedTextReader.MaxColumns - 1)) + "c\n";
        using (var text = new CheckedTextReader(new StringReader(quoted + widest), "q.csv") { Delimiter = ';' })
        {
            Assert.Equal(quoted + widest, text.ReadToEnd());
        }

        using var wider = new CheckedTextReader(new StringReader(quoted + widest + "c;" + widest), "q.csv") { Delimiter = ';' };
        var error = Assert.Throws<SourceFormatException>(() => wider.ReadToEnd());
        Assert.Equal((4L, CheckedTextReader.MaxColumns + 1), (error.Line, error.Column));
    }

    [Fact]
    public void An_unterminated_quote_is_refused_at_the_row_limit_naming_the_line_it_began_on()
    {
        var text = new StringBuilder("AGS;Jahr;Personen\n\"05754008;2023;1\n");
        while (text.Length <= CheckedTextReader.MaxRowChars + 64) text.Append("05754008;2023;1\n");

        using var reader = new CheckedTextReader(new StringReader(text.ToString()), "offen.csv") { Delimiter = ';' };
        var error = Assert.Throws<SourceFormatException>(() => reader.ReadToEnd());

        Assert.Equal(2L, error.Line);
        Assert.Contains("nicht geschlossenes Anführungszeichen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_1252_bytes_declared_utf8_fail_naming_line_and_column_instead_of_becoming_replacement_characters()
    {
        const string csv = "AGS;Jahr;Personen\n05754008;2023;12\nGütersloh;2023;5\n";
        var ansi = ReceivedFile.Windows1252.GetBytes(csv);

        using (var declaredUtf8 = new CheckedTextReader(new MemoryStream(ansi), new UTF8Encoding(false, throwOnInvalidBytes: true), "ansi.csv"))
        {
            var error = Assert.Throws<SourceFormatException>(() => declaredUtf8.ReadToEnd());
            Assert.Equal((3L, 2), (error.Line, error.Column));
            Assert.StartsWith("ansi.csv, ", error.Message, StringComparison.Ordinal);
            Assert.Contains("kein UTF-8-Text", error.Message, StringComparison.Ordinal);
        }

        using (var declaredAnsi = new CheckedTextReader(new MemoryStream(ansi), ReceivedFile.Windows1252, "ansi.csv"))
        {
            Assert.Equal(csv, declaredAnsi.ReadToEnd());
        }

        // A byte order mark names UTF-8 whatever the setting says, as before.
        using var marked = new CheckedTextReader(new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]), ReceivedFile.Windows1252, "bom.csv");
        Assert.Equal(csv, marked.ReadToEnd());
    }

    [Fact]
    public void A_character_split_across_two_reads_is_decoded_whole()
    {
        // 'ü' takes two bytes in UTF-8; here they straddle the reader's 64 KiB block.
        var text = new string('a', (1 << 16) - 1) + "ü;b\n";

        using var reader = new CheckedTextReader(new MemoryStream(new UTF8Encoding(false).GetBytes(text)), new UTF8Encoding(false, throwOnInvalidBytes: true), "lang.csv");

        Assert.Equal(text, reader.ReadToEnd());
    }
}
