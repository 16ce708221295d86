using Monitoring.Core.Observations;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Tests.Ingestion.Genesis;

public sealed class TableFileReaderTests
{
    /// <summary>Shaped like the Regionalstatistik download of table 12411-01-01-5 (values made up).</summary>
    public const string Sample =
        """
        GENESIS-Tabelle: 12411-01-01-5
        Bevölkerungsstand: Bevölkerung nach Geschlecht;;;;
        - Stichtag 31.12. -;;;;
        regionale Tiefe: Gemeinden;;;;
        Fortschreibung des Bevölkerungsstandes;;;;
        Bevölkerungsstand (Anzahl);;;;
        ;;31.12.2023;31.12.2023;31.12.2023
        ;;Insgesamt;männlich;weiblich
        05754;Gütersloh, Kreis;367.251;181.020;186.231
        05754008;      Gütersloh, Stadt;102.345;50.123;52.222
        05754044;      Verl, Stadt;26.000;(13.010)p;.
        05754024;      Langenberg;8.700;-;x
        __________
        Stand: 24.11.2026 / 10:12:31
        (C)opyright Statistische Ämter des Bundes und der Länder, Deutschland, 2026
        .   = Zahlenwert unbekannt oder geheimzuhalten
        """;

    static List<SourceRecord> Read(string text, TableFileSettings? settings = null) =>
        TableFileReader.Read(new StringReader(text), "12411-01-01-5.csv", settings).ToList();

    [Fact]
    public void Header_rows_give_periods_and_dimensions_the_title_gives_the_variable_and_the_footer_ends_the_data()
    {
        var records = Read(Sample, new TableFileSettings { HeaderDimensions = ["GES"] }).Cast<SourceObservation>().ToList();

        Assert.Equal(12, records.Count);
        var total = records[0];
        Assert.Equal(("05754", "2023-12-31", 2023, "12411-01-01-5", "Bevölkerungsstand", "Anzahl", "12411"),
            (total.AreaCode, total.Period, total.Year, total.VariableCode, total.VariableLabel, total.Unit, total.Statistic));
        Assert.Empty(total.Dimensions); // "Insgesamt"
        Assert.Equal(367251m, total.Value.Value);
        Assert.Equal([new DimensionValue("GES", "GES", "MÄNNLICH", "männlich")], records[1].Dimensions);
        var verl = records.Where(r => r.AreaCode == "05754044").ToList();
        Assert.Equal([new OfficialValue(26000m, QualityFlags.None), new OfficialValue(13010m, QualityFlags.LimitedReliability | QualityFlags.Provisional), new OfficialValue(null, QualityFlags.Secret)], verl.Select(r => r.Value));
        Assert.Equal(new OfficialValue(null, QualityFlags.NotMeaningful), records[^1].Value);
        Assert.Equal((10L, 3), (records[3].Line, records[3].Column));
    }

    [Fact]
    public void A_period_in_a_leading_column_is_read_per_row()
    {
        const string table =
            """
            GENESIS-Tabelle: 12411-02-03-5
            Bevölkerungsstand (Anzahl);;;;
            ;;;Insgesamt;Ausländer
            31.12.2022;05754008;Gütersloh;101.000;20.100
            31.12.2023;05754008;Gütersloh;102.345;21.034
            """;

        var records = Read(table).Cast<SourceObservation>().ToList();

        Assert.Equal(["2022-12-31", "2022-12-31", "2023-12-31", "2023-12-31"], records.Select(r => r.Period));
        Assert.Equal([new DimensionValue("SPALTE1", "Spaltenmerkmal 1", "AUSLÄNDER", "Ausländer")], records[1].Dimensions);
    }

    [Fact]
    public void Bad_cells_are_rejected_with_line_and_column()
    {
        var rejections = Read(Sample.Replace("102.345", "102.34", StringComparison.Ordinal)).OfType<SourceRejection>().ToList();

        var rejection = Assert.Single(rejections);
        Assert.Equal((10L, 3), (rejection.Line, rejection.Column));
        Assert.Contains("erwartet wird eine Zahl im deutschen Format", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "die Datei ist leer")]
    [InlineData("GENESIS-Tabelle: 12411-01-01-5\nBevölkerungsstand (Anzahl);;\n;;Insgesamt\n__________\n", "keine Zeile mit einem amtlichen Gebietsschlüssel")]
    public void Unreadable_tables_fail_as_a_whole(string text, string expected)
    {
        var error = Assert.Throws<SourceFormatException>(() => Read(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
