
namespace Monitoring.Tests.Ingestion.Genesis;

/// <summary>Flat-file CSVs shaped like real GENESIS downloads (Regionalstatistik 12411-02-03-5, Zensus 1000A), with made-up values.</summary>
static class GenesisSamples
{
    public const string GermanWide =
        """
        Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;   BEVSTD__Bevoelkerungsstand__Anzahl
        12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;05754008;Gütersloh;NAT;Staatsangehörigkeit;;Insgesamt;102.345
        12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;05754008;Gütersloh;NAT;Staatsangehörigkeit;NATA;Ausländer(innen);21.034
        12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;05754044;Verl;NAT;Staatsangehörigkeit;NATA;Ausländer(innen);(4.120)p
        12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;05754024;Langenberg;NAT;Staatsangehörigkeit;NATA;Ausländer(innen);.
        12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;05754004;Borgholzhausen;NAT;Staatsangehörigkeit;NATA;Ausländer(innen);-
        """;

    public const string EnglishLongGermanNumbers =
        """
        statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label;value_q
        1000A;Bevölkerung kompakt;STAG;Stichtag;2022-05-15;GEOGM4;Gemeinden;05754008;Gütersloh;108,84;qkm;FLC001;Fläche;e
        1000A;Bevölkerung kompakt;STAG;Stichtag;2022-05-15;GEOGM4;Gemeinden;05754008;Gütersloh;101.250;Anzahl;PRS018;Personen;p
        """;

    public const string EnglishLongEnglishNumbers =
        """
        statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label
        12511;Naturalisation statistics;JAHR;Year;2023;GES;Sex;GESW;female;KREISE;Districts;05754;Gütersloh, district;1,234.5;number;BEV008;Naturalisations of foreigners
        """;
}
