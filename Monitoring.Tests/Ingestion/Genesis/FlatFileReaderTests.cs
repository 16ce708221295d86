using Monitoring.Core.Observations;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Tests.Ingestion.Genesis;

public sealed class FlatFileReaderTests
{
    static List<SourceRecord> Read(string csv, FlatFileSettings? settings = null) =>
        FlatFileReader.Read(new StringReader(csv), "test.csv", settings).ToList();

    [Fact]
    public void German_wide_layout_finds_the_area_by_merkmal_code_and_keeps_other_merkmale_as_dimensions()
    {
        var records = Read(GenesisSamples.GermanWide).Cast<SourceObservation>().ToList();

        Assert.Equal(5, records.Count);
        var total = records[0];
        Assert.Equal(("05754008", "Gütersloh", "2023-12-31", 2023), (total.AreaCode, total.AreaLabel, total.Period, total.Year));
        Assert.Equal(("BEVSTD", "Bevoelkerungsstand", "Anzahl", "12411"), (total.VariableCode, total.VariableLabel, total.Unit, total.Statistic));
        Assert.Empty(total.Dimensions); // "Insgesamt" has no code: the total, no breakdown
        Assert.Equal(new OfficialValue(102345m, QualityFlags.None), total.Value);
        Assert.Equal(2, total.Line);
        Assert.Equal(14, total.Column);

        Assert.Equal([new DimensionValue("NAT", "Staatsangehörigkeit", "NATA", "Ausländer(innen)")], records[1].Dimensions);
        Assert.Equal(new OfficialValue(4120m, QualityFlags.LimitedReliability | QualityFlags.Provisional), records[2].Value);
        Assert.Equal(new OfficialValue(null, QualityFlags.Secret), records[3].Value);
        Assert.Equal(new OfficialValue(0m, QualityFlags.ExactlyZero), records[4].Value);
    }

    [Fact]
    public void English_names_with_german_labels_read_german_numbers_and_the_quality_column()
    {
        var records = Read(GenesisSamples.EnglishLongGermanNumbers).Cast<SourceObservation>().ToList();

        Assert.Equal(("FLC001", "Fläche", "qkm", 108.84m), (records[0].VariableCode, records[0].VariableLabel, records[0].Unit, records[0].Value.Value));
        Assert.Equal("2022-05-15", records[0].Period);
        Assert.Equal(new OfficialValue(101250m, QualityFlags.Provisional), records[1].Value);
    }

    [Fact]
    public void English_labels_mean_english_numbers_and_the_area_may_be_any_merkmal()
    {
        var record = Assert.IsType<SourceObservation>(Assert.Single(Read(GenesisSamples.EnglishLongEnglishNumbers)));

        Assert.Equal("05754", record.AreaCode);
        Assert.Equal(1234.5m, record.Value.Value);
        Assert.Equal("2023", record.Period);
        Assert.Equal([new DimensionValue("GES", "Sex", "GESW", "female")], record.Dimensions);
    }

    [Fact]
    public void The_number_format_can_be_set_by_the_source()
    {
        var record = Assert.IsType<SourceObservation>(Assert.Single(
            Read(GenesisSamples.EnglishLongEnglishNumbers.Replace("1,234.5", "1.234,5", StringComparison.Ordinal), new FlatFileSettings { NumberFormat = NumberFormat.German })));

        Assert.Equal(1234.5m, record.Value.Value);
    }

    [Fact]
    public void Bad_cells_are_rejected_with_line_column_and_what_was_expected()
    {
        var csv = GenesisSamples.GermanWide
            .Replace(";102.345", ";1.5", StringComparison.Ordinal)
            .Replace("31.12.2023;GEMEIN;Gemeinden;05754044", "2023-13-45;GEMEIN;Gemeinden;05754044", StringComparison.Ordinal);

        var rejections = Read(csv).OfType<SourceRejection>().ToList();

        Assert.Equal(2, rejections.Count);
        Assert.Equal((2L, 14), (rejections[0].Line, rejections[0].Column));
        Assert.Contains("erwartet wird eine Zahl im deutschen Format", rejections[0].Reason, StringComparison.Ordinal);
        Assert.Equal((4L, 5), (rejections[1].Line, rejections[1].Column));
        Assert.Contains("erwartet wird ein Stichtag", rejections[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_last_line_is_rejected_not_half_read()
    {
        var csv = GenesisSamples.GermanWide[..GenesisSamples.GermanWide.LastIndexOf(";NAT;", StringComparison.Ordinal)];

        var records = Read(csv);

        var rejection = Assert.IsType<SourceRejection>(records[^1]);
        Assert.Equal(6, rejection.Line);
        Assert.Contains("erwartet werden 14", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(4, records.OfType<SourceObservation>().Count());
    }

    [Fact]
    public void Unsupported_time_codes_are_rejected()
    {
        var rejection = Assert.IsType<SourceRejection>(Read(GenesisSamples.EnglishLongEnglishNumbers.Replace("JAHR;Year;2023", "MONAT;Month;MONAT07", StringComparison.Ordinal)).Single());

        Assert.Contains("der Zeitcode „MONAT“ wird nicht unterstützt", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_naming_a_column_twice_is_refused_naming_both_columns()
    {
        var csv = GenesisSamples.GermanWide.Replace("Zeit_Label;Zeit;", "Zeit;Zeit;", StringComparison.Ordinal);

        var error = Assert.Throws<SourceFormatException>(() => Read(csv));

        Assert.Equal((1L, 5), (error.Line, error.Column));
        Assert.Contains("„Zeit“ steht zweimal in der Kopfzeile (Spalten 4 und 5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_numbers_count_quoted_line_breaks_as_the_file_has_them()
    {
        // A label with a line break inside quotes: the rows after it keep their line numbers in the file.
        var csv = GenesisSamples.GermanWide.Replace(";Gütersloh;NAT;Staatsangehörigkeit;;", ";\"Güters\nloh\";NAT;Staatsangehörigkeit;;", StringComparison.Ordinal)
            .Replace(";21.034", ";abc", StringComparison.Ordinal);

        var rejection = Assert.Single(Read(csv).OfType<SourceRejection>());

        Assert.Equal((4L, 14), (rejection.Line, rejection.Column));
    }

    [Theory]
    [InlineData("", "die Datei ist leer")]
    [InlineData("Statistik_Code,Statistik_Label,Zeit_Code,Zeit\n12411,x,JAHR,2023", "durch ',' getrennt")]
    [InlineData("Gemeinde;Einwohner\n05754008;102345", "dies ist kein GENESIS-Flatfile")]
    [InlineData("Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl\n", "Kopfzeile, aber keine Datenzeilen")]
    [InlineData("Statistik_Code;Zeit_Code;Zeit;BEVSTD__Bevoelkerungsstand__Anzahl\n12411;JAHR;2023;5", "keine Merkmalsspalten")]
    public void Unreadable_files_fail_as_a_whole_with_file_line_and_reason(string csv, string expected)
    {
        var error = Assert.Throws<SourceFormatException>(() => Read(csv));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.csv, Zeile ", error.Message, StringComparison.Ordinal);
    }
}
