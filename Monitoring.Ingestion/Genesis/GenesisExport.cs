using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Genesis;

/// <summary>The formats a GENESIS database (Destatis, Regionalstatistik, Landesdatenbanken, Zensus 2022) exports.</summary>
public enum GenesisFormat
{
    /// <summary>The flat file ("ffcsv"), long or wide, German or English column names.</summary>
    FlatFile,

    /// <summary>The table CSV ("Tabelle: …" or "GENESIS-Tabelle: …") with title, header rows and footer.</summary>
    Table,
}

/// <summary>
/// A GENESIS export of any kind, recognised by its content: an analyst need not know which of the formats a download is.
/// The flat file starts with its header (<c>Statistik_Code;…</c>, <c>statistics_code;…</c>, or at least <c>Zeit_Code</c> /
/// <c>time_code</c>); anything else that a GENESIS database writes is a table CSV.
/// </summary>
public static class GenesisExport
{
    /// <summary>German names of the formats, as the run page and the wizard show them.</summary>
    public static string German(GenesisFormat format) => format switch
    {
        GenesisFormat.FlatFile => "GENESIS-Flatfile (ffcsv)",
        _ => "GENESIS-Tabelle (CSV)",
    };

    /// <summary>The format of the file, from its first line.</summary>
    public static GenesisFormat Detect(ReceivedFile file)
    {
        using var text = file.OpenText();
        return Detect(text);
    }

    /// <summary>The format of the text, from its first non-empty line.</summary>
    public static GenesisFormat Detect(TextReader text)
    {
        // One line is enough and bounded: a file that is neither gets the table reader's error naming what it expected.
        var buffer = new char[4096];
        var read = text.ReadBlock(buffer, 0, buffer.Length);
        var first = new string(buffer, 0, read).TrimStart('\uFEFF', '\r', '\n', ' ').Split('\n')[0];
        var header = first.Split(';').Select(c => c.Trim().Trim('"')).ToList();
        return header.Any(c => c is "Statistik_Code" or "statistics_code" or "Zeit_Code" or "time_code")
            ? GenesisFormat.FlatFile
            : GenesisFormat.Table;
    }

    /// <summary>Reads the file with the reader of its format.</summary>
    /// <param name="file">The file as received.</param>
    /// <param name="settings">The source's settings.</param>
    /// <param name="keyOfLabel">Finds the key of an area that a table without keys names by its name (label, the key of the area above).</param>
    public static IEnumerable<SourceRecord> Read(ReceivedFile file, SourceSettings settings, Func<string, string?, string?>? keyOfLabel = null)
    {
        var format = Detect(file);
        using var text = file.OpenText();
        var records = format == GenesisFormat.FlatFile
            ? FlatFileReader.Read(text, file.Name, new FlatFileSettings { NumberFormat = settings.NumberFormat, RegionalVariables = settings.RegionalVariables })
            : TableFileReader.Read(text, file.Name, settings.Table, keyOfLabel);
        foreach (var record in records) yield return record;
    }
}
