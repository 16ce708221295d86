using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Files;

/// <summary>
/// The text of a received file as every reader and the workspace preview see it, with the importer's limits applied to
/// each character before it is handed on: at most <see cref="MaxColumns"/> fields and <see cref="MaxRowChars"/>
/// characters per row, and bytes that are not text in the declared encoding refused, naming file, line and column.
/// Rows are counted as the CSV reader (Sep) counts them: delimiters and line breaks inside quotes belong to the field.
/// The checks run before the CSV reader sees a row, so a 10 MB line of "x;x;…" is refused after its first 16,385
/// fields (about 32 KB) instead of being split into 5 million strings; measured before: a 959 MB preview page and
/// 600 MB kept by the header check's message.
/// </summary>
public sealed class CheckedTextReader : TextReader
{
    /// <summary>More columns than Excel has (16,384) is no table an office keeps.</summary>
    public const int MaxColumns = 16_384;

    /// <summary>
    /// The longest row: 256 Ki characters short of the 16 Mi the CSV reader (Sep) buffers (it keeps some of its buffer
    /// free), so that this check, with its line number, comes before Sep's own, which first doubles its buffer to
    /// 32 Mi characters (64 MB) and names no line.
    /// </summary>
    public const int MaxRowChars = 16 * 1024 * 1024 - 256 * 1024;

    /// <summary>The longest title or header line, read before the data as a line; a line without end stops here.</summary>
    public const int MaxLineBeforeData = 1 << 20;

    static readonly SearchValues<char> Breaks = SearchValues.Create("\"\r\n");

    readonly Stream? stream;
    readonly TextReader? inner;
    readonly FlaggingFallback fallback = new();
    readonly byte[] bytes = [];
    string encodingName;
    readonly char[] chars = new char[1 << 16];
    bool utf8;
    Decoder? decoder;
    bool orderMarkChecked, streamEnded, undecodable, disposed;
    int byteStart, byteEnd, charStart, charEnd;

    long line = 1, rowLine = 1;
    int lineChars, rowChars, delimiters, semicolons, commas, tabs;
    bool inQuotes, lastWasCarriageReturn;

    /// <summary>Decodes <paramref name="stream"/> (owned, disposed with this reader) in <paramref name="encoding"/>; a byte order mark decides instead.</summary>
    public CheckedTextReader(Stream stream, Encoding encoding, string file)
    {
        this.stream = stream;
        File = file;
        bytes = new byte[1 << 16];
        if (encoding.CodePage == Encoding.UTF8.CodePage) utf8 = true;
        else UseDecoder(encoding);
        encodingName = utf8 ? "UTF-8" : encoding.WebName;
    }

    /// <summary>Checks text already decoded (a test's string, a caller's reader), disposed with this reader.</summary>
    public CheckedTextReader(TextReader text, string file)
    {
        inner = text;
        File = file;
        encodingName = "";
    }

    /// <summary><paramref name="text"/> itself when it is checked already (a received file's text), otherwise checked from here on.</summary>
    public static CheckedTextReader Over(TextReader text, string file, char? delimiter)
    {
        var reader = text as CheckedTextReader ?? new CheckedTextReader(text, file);
        reader.Delimiter = delimiter;
        return reader;
    }

    /// <summary>The name errors report.</summary>
    public string File { get; }

    /// <summary>
    /// The delimiter whose fields are counted; null while it is not known (before a header names it), when no more than
    /// <see cref="MaxColumns"/> fields are allowed for any of ';', ',' and tab.
    /// </summary>
    public char? Delimiter { get; set; }

    /// <summary>The line (1-based) of the next character.</summary>
    public long Line => line;

    /// <summary>
    /// One line read as a line (a title or the header), at most <see cref="MaxLineBeforeData"/> characters; whatever its
    /// quotes, the next row starts after it. Null at the end of the text.
    /// </summary>
    public string? ReadBoundedLine()
    {
        var number = line;
        var builder = new StringBuilder();
        for (var c = Read(); c >= 0; c = Read())
        {
            if (c == '\n') return EndLine(builder);
            if (c == '\r')
            {
                if (Peek() == '\n') Read();
                return EndLine(builder);
            }
            if (builder.Length == MaxLineBeforeData)
            {
                throw new SourceFormatException(File, number, 1, string.Create(Core.German.Culture,
                    $"eine Zeile vor den Daten ist länger als {MaxLineBeforeData / 1024:N0} KiB; erwartet werden Titelzeilen und eine Kopfzeile (keine Tabelle, oder ein falsches Trennzeichen)"));
            }
            builder.Append((char)c);
        }
        return builder.Length == 0 ? null : EndLine(builder);
    }

    string EndLine(StringBuilder builder)
    {
        StartRow();
        return builder.ToString();
    }

    /// <summary>The next character begins a row: a line read as a line ends there, whatever its quotes.</summary>
    void StartRow()
    {
        inQuotes = false;
        rowLine = line;
        rowChars = 0;
        delimiters = semicolons = commas = tabs = 0;
    }

    public override int Peek() => charStart < charEnd || Fill() ? chars[charStart] : -1;

    public override int Read()
    {
        if (charStart == charEnd && !Fill()) return -1;
        Scan(chars.AsSpan(charStart, 1));
        return chars[charStart++];
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (charStart == charEnd && !Fill()) return 0;
        var count = Math.Min(buffer.Length, charEnd - charStart);
        var text = chars.AsSpan(charStart, count);
        // Checked before the characters are handed on: the CSV reader never holds a row beyond the limits.
        Scan(text);
        text.CopyTo(buffer);
        charStart += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            stream?.Dispose();
            inner?.Dispose();
        }
        base.Dispose(disposing);
    }

    void Scan(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var at = text.IndexOfAny(Breaks);
            var plain = at < 0 ? text : text[..at];
            if (!plain.IsEmpty)
            {
                lastWasCarriageReturn = false;
                lineChars += plain.Length;
                rowChars += plain.Length;
                if (!inQuotes) CountFields(plain);
                if (rowChars > MaxRowChars) throw TooLong();
            }
            if (at < 0) return;
            switch (text[at])
            {
                case '"':
                    inQuotes = !inQuotes;
                    lineChars++;
                    rowChars++;
                    lastWasCarriageReturn = false;
                    break;
                case '\r':
                    LineBreak();
                    lastWasCarriageReturn = true;
                    break;
                default:
                    if (lastWasCarriageReturn) lastWasCarriageReturn = false;
                    else LineBreak();
                    break;
            }
            text = text[(at + 1)..];
        }
    }

    void CountFields(ReadOnlySpan<char> plain)
    {
        if (Delimiter is char known)
        {
            delimiters += plain.Count(known);
        }
        else
        {
            semicolons += plain.Count(';');
            commas += plain.Count(',');
            tabs += plain.Count('\t');
            delimiters = Math.Max(semicolons, Math.Max(commas, tabs));
        }
        if (delimiters >= MaxColumns) throw TooWide();
    }

    void LineBreak()
    {
        line++;
        lineChars = 0;
        if (inQuotes)
        {
            // A line break inside a quoted field belongs to the row.
            rowChars++;
            return;
        }
        rowLine = line;
        rowChars = 0;
        delimiters = semicolons = commas = tabs = 0;
    }

    SourceFormatException TooWide() => new(File, rowLine, MaxColumns + 1, string.Create(Core.German.Culture,
        $"die Zeile hat mehr als {MaxColumns:N0} Spalten; erwartet werden höchstens {MaxColumns:N0} (so viele hat Excel): keine Tabelle, oder ein falsches Trennzeichen"));

    SourceFormatException TooLong() => new(File, rowLine, delimiters + 1, string.Create(Core.German.Culture,
        $"die Zeile ist länger als {MaxRowChars:N0} Zeichen (rund 16 MiB); erwartet werden kürzere Zeilen (ein nicht geschlossenes Anführungszeichen, oder keine CSV-Datei)"));

    SourceFormatException Undecodable() => new(File, line, lineChars + 1,
        $"an dieser Stelle stehen Bytes, die kein {encodingName}-Text sind; erwartet wird Text in der Kodierung der Datenquelle. " +
        "Dateien aus Excel oder älteren Fachverfahren sind oft windows-1252: die Kodierung der Datenquelle dann auf „windows-1252“ oder „auto“ stellen");

    /// <summary>Fills the buffer of decoded characters; false at the end of the text.</summary>
    bool Fill()
    {
        // The characters before the undecodable bytes have been handed on, so line and column point at them.
        if (undecodable) throw Undecodable();
        charStart = charEnd = 0;
        if (inner is not null)
        {
            charEnd = inner.Read(chars);
            return charEnd > 0;
        }
        ObjectDisposedException.ThrowIf(disposed, this);
        while (true)
        {
            if (byteStart < byteEnd || streamEnded)
            {
                Decode();
                if (charEnd > 0) return true;
                if (undecodable) throw Undecodable();
                if (streamEnded && byteStart >= byteEnd) return false;
            }
            ReadBytes();
        }
    }

    void ReadBytes()
    {
        if (byteStart > 0)
        {
            bytes.AsSpan(byteStart, byteEnd - byteStart).CopyTo(bytes);
            byteEnd -= byteStart;
            byteStart = 0;
        }
        var read = stream!.Read(bytes, byteEnd, bytes.Length - byteEnd);
        if (read == 0) streamEnded = true;
        else byteEnd += read;
    }

    void Decode()
    {
        if (!orderMarkChecked)
        {
            if (byteEnd - byteStart < 3 && !streamEnded) return;
            orderMarkChecked = true;
            // A byte order mark names the encoding, as StreamReader's detection did before.
            switch (bytes.AsSpan(byteStart, byteEnd - byteStart))
            {
                case [0xEF, 0xBB, 0xBF, ..]:
                    byteStart += 3;
                    utf8 = true;
                    decoder = null;
                    encodingName = "UTF-8";
                    break;
                case [0xFF, 0xFE, ..]:
                    byteStart += 2;
                    UseDecoder(new UnicodeEncoding(bigEndian: false, byteOrderMark: false));
                    encodingName = "UTF-16";
                    break;
                case [0xFE, 0xFF, ..]:
                    byteStart += 2;
                    UseDecoder(new UnicodeEncoding(bigEndian: true, byteOrderMark: false));
                    encodingName = "UTF-16";
                    break;
            }
        }

        var input = bytes.AsSpan(byteStart, byteEnd - byteStart);
        if (utf8)
        {
            // Utf8.ToUtf16 stops at the first invalid byte and says how much before it was valid: the exact place to report.
            var status = Utf8.ToUtf16(input, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: streamEnded);
            byteStart += read;
            charEnd = written;
            if (status == OperationStatus.InvalidData) undecodable = true;
            return;
        }

        decoder!.Convert(input, chars, streamEnded, out var used, out var produced, out _);
        byteStart += used;
        charEnd = produced;
        if (fallback.Hit)
        {
            // Single-byte code pages cannot encode U+FFFD, so the first one is where the fallback stood in for bytes.
            var bad = chars.AsSpan(0, produced).IndexOf('\uFFFD');
            if (bad >= 0) charEnd = bad;
            undecodable = true;
        }
    }

    void UseDecoder(Encoding encoding)
    {
        utf8 = false;
        var checkedEncoding = (Encoding)encoding.Clone();
        checkedEncoding.DecoderFallback = fallback;
        decoder = checkedEncoding.GetDecoder();
    }

    /// <summary>Stands in for undecodable bytes with U+FFFD, as the default does, and records that it had to.</summary>
    sealed class FlaggingFallback : DecoderFallback
    {
        public bool Hit { get; set; }

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        sealed class Buffer(FlaggingFallback owner) : DecoderFallbackBuffer
        {
            int remaining;
            bool given;

            public override int Remaining => remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Hit = true;
                remaining = 1;
                given = false;
                return true;
            }

            public override char GetNextChar()
            {
                if (remaining == 0) return '\0';
                remaining--;
                given = true;
                return '\uFFFD';
            }

            public override bool MovePrevious()
            {
                if (!given || remaining > 0) return false;
                remaining = 1;
                given = false;
                return true;
            }

            public override void Reset()
            {
                remaining = 0;
                given = false;
            }
        }
    }
}
