using System.Globalization;
using System.Text;

namespace Monitoring.Ingestion.Demo;

/// <summary>
/// Writes synthetic but plausible statistics for Kreis Gütersloh's 13 municipalities, the Kreis and NRW, 2012 to 2024,
/// as GENESIS flat-file CSVs (German naming, wide layout). Deterministic: the same files every time.
/// The figures are invented; every label says "Beispieldaten", and nothing here is an official figure. The codes are the
/// offices' real ones, as the catalog declares them (BEVSTD, NAT=NATA, ALTX21=ALT000B03, ERW033, BEV008 …), and each
/// variable is written only down to the level its office publishes it at: by nationality, population per Gemeinde, but
/// by nationality and age, migration, the foreigners register and SGB II only per Kreis and Land. Figures no office
/// publishes are the district's own data ("eigene Daten", codes beginning with EIG_) in files of their own.
/// </summary>
public static class DemoDataGenerator
{
    public const int FirstYear = 2012;
    public const int LastYear = 2024;
    public const string Marker = "Beispieldaten";

    sealed record Place(string Key, string Name, string Level, double Population, double ForeignShare2012);

    // Populations of the right order of magnitude; foreign shares invented.
    static readonly Place[] Municipalities =
    [
        new("05754004", "Borgholzhausen", "GEMEIN", 9_000, 0.060),
        new("05754008", "Gütersloh", "GEMEIN", 97_000, 0.120),
        new("05754012", "Halle (Westf.)", "GEMEIN", 21_500, 0.070),
        new("05754016", "Harsewinkel", "GEMEIN", 24_500, 0.110),
        new("05754020", "Herzebrock-Clarholz", "GEMEIN", 16_000, 0.080),
        new("05754024", "Langenberg", "GEMEIN", 8_400, 0.090),
        new("05754028", "Rheda-Wiedenbrück", "GEMEIN", 46_500, 0.150),
        new("05754032", "Rietberg", "GEMEIN", 29_000, 0.085),
        new("05754036", "Schloß Holte-Stukenbrock", "GEMEIN", 26_000, 0.075),
        new("05754040", "Steinhagen", "GEMEIN", 20_000, 0.060),
        new("05754044", "Verl", "GEMEIN", 25_000, 0.110),
        new("05754048", "Versmold", "GEMEIN", 21_000, 0.095),
        new("05754052", "Werther (Westf.)", "GEMEIN", 11_000, 0.055),
    ];

    static readonly Place Nrw = new("05", "Nordrhein-Westfalen", "DLAND", 17_550_000, 0.105);

    /// <summary>The Kreis for the files published per Kreis only: its population and an average foreign share.</summary>
    static readonly Place Kreis = new("05754", "Kreis Gütersloh", "KREISE", Municipalities.Sum(m => m.Population), 0.105);

    /// <summary>The Kreis and NRW: where a variable is published per Kreis only.</summary>
    static readonly Place[] KreisAndLand = [Kreis, Nrw];

    /// <summary>
    /// The 21 age groups of ALTX21 (12411-03-03-4) with invented shares of the German and the foreign residents:
    /// foreign residents are younger on average, more in working age, fewer over 65.
    /// </summary>
    static readonly (string Code, string Label, double German, double Foreign)[] AgeGroups =
    [
        ("ALT000B03", "unter 3 Jahre", 0.027, 0.035), ("ALT003B06", "3 bis unter 6 Jahre", 0.027, 0.030),
        ("ALT006B10", "6 bis unter 10 Jahre", 0.036, 0.035), ("ALT010B15", "10 bis unter 15 Jahre", 0.045, 0.045),
        ("ALT015B18", "15 bis unter 18 Jahre", 0.028, 0.030), ("ALT018B20", "18 bis unter 20 Jahre", 0.019, 0.025),
        ("ALT020B25", "20 bis unter 25 Jahre", 0.050, 0.085), ("ALT025B30", "25 bis unter 30 Jahre", 0.055, 0.110),
        ("ALT030B35", "30 bis unter 35 Jahre", 0.058, 0.115), ("ALT035B40", "35 bis unter 40 Jahre", 0.058, 0.105),
        ("ALT040B45", "40 bis unter 45 Jahre", 0.057, 0.090), ("ALT045B50", "45 bis unter 50 Jahre", 0.060, 0.075),
        ("ALT050B55", "50 bis unter 55 Jahre", 0.075, 0.065), ("ALT055B60", "55 bis unter 60 Jahre", 0.080, 0.050),
        ("ALT060B65", "60 bis unter 65 Jahre", 0.072, 0.037), ("ALT065B70", "65 bis unter 70 Jahre", 0.062, 0.028),
        ("ALT070B75", "70 bis unter 75 Jahre", 0.052, 0.020), ("ALT075B80", "75 bis unter 80 Jahre", 0.042, 0.012),
        ("ALT080B85", "80 bis unter 85 Jahre", 0.040, 0.008), ("ALT085B90", "85 bis unter 90 Jahre", 0.024, 0.004),
        ("ALT090UM", "90 Jahre und mehr", 0.013, 0.002),
    ];

    /// <summary>
    /// Foreign nationals by the nationality codes of the Ausländerzentralregister (Landesdatenbank NRW 12521-03i) that
    /// the catalog's target groups use, with the continent they belong to and an invented share of all foreigners.
    /// The Ukraine's share follows the year (see <see cref="ForeignersRegister"/>).
    /// </summary>
    static readonly (string Code, string Label, string Continent, double Share)[] Nationalities =
    [
        ("125", "Bulgarien", "1", 0.050), ("127", "Estland", "1", 0.001), ("130", "Kroatien", "1", 0.020), ("131", "Slowenien", "1", 0.002),
        ("139", "Lettland", "1", 0.004), ("142", "Litauen", "1", 0.006), ("152", "Polen", "1", 0.100), ("154", "Rumänien", "1", 0.100),
        ("155", "Slowakei", "1", 0.006), ("163", "Türkei", "1", 0.140), ("164", "Tschechische Republik", "1", 0.002), ("165", "Ungarn", "1", 0.009),
        ("224", "Eritrea", "2", 0.004), ("232", "Nigeria", "2", 0.006), ("273", "Somalia", "2", 0.003),
        ("423", "Afghanistan", "4", 0.030), ("438", "Irak", "4", 0.045), ("439", "Iran", "4", 0.008), ("461", "Pakistan", "4", 0.003), ("475", "Syrien", "4", 0.070),
    ];

    /// <summary>The continents of 12521-03i (together: all foreigners), with the invented share of the nationalities not listed above.</summary>
    static readonly (string Code, string Label, double Remainder)[] Continents =
    [
        ("1", "Europa", 0.160), ("2", "Afrika", 0.020), ("3", "Amerika", 0.010), ("4", "Asien", 0.050), ("5", "Australien / Ozeanien", 0.001), ("9", "Sonstige", 0.005),
    ];

    /// <summary>The district's own nationality groups of its foreigners authority (EIG_STAGRP), with invented shares.</summary>
    static readonly (string Code, string Label, double Share)[] OwnGroups =
    [
        ("EIG_EU14", "EU-14", 0.16), ("EIG_EUOST", "EU-Osterweiterung", 0.30), ("EIG_ASYL8", "Asylherkunftsländer", 0.17),
        ("EIG_UKR", "Ukraine", 0.00), ("EIG_TUR", "Türkei", 0.14), ("EIG_SONST", "Sonstige", 0.23),
    ];

    const string PopulationFile = "12411_bevoelkerung_beispieldaten_flat.csv";
    const string MigrationFile = "12711_wanderungen_beispieldaten_flat.csv";
    const string RegisterFile = "12521_auslaenderzentralregister_beispieldaten_flat.csv";
    const string NaturalisationFile = "12511_einbuergerungen_beispieldaten_flat.csv";
    const string EmploymentFile = "13111_beschaeftigte_beispieldaten_flat.csv";
    const string BasicIncomeFile = "sgb2_grundsicherung_beispieldaten_flat.csv";
    const string DaycareFile = "22541_kindertagesbetreuung_beispieldaten_flat.csv";
    const string ResidenceFile = "eigene_aufenthaltsdauer_beispieldaten_flat.csv";
    const string SchoolFile = "eigene_schulabgaenger_beispieldaten_flat.csv";
    const string ChildrenFile = "eigene_kinder_herkunft_beispieldaten_flat.csv";

    /// <summary>A readable title per demo file, used as its source's name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        [PopulationFile] = "Bevölkerungsstand (12411)",
        [MigrationFile] = "Wanderungen (12711)",
        [RegisterFile] = "Ausländerzentralregister (12521-03i)",
        [NaturalisationFile] = "Einbürgerungen (12511)",
        [EmploymentFile] = "SV-Beschäftigte am Wohnort (13111)",
        [BasicIncomeFile] = "Grundsicherung SGB II (BA)",
        [DaycareFile] = "Kindertagesbetreuung (22541)",
        [ResidenceFile] = "Eigene Daten: Aufenthaltsdauer (Ausländerbehörde)",
        [SchoolFile] = "Eigene Daten: Schulabgänger nach Staatsangehörigkeit",
        [ChildrenFile] = "Eigene Daten: Kinder nach Herkunft der Eltern (Melderegister)",
    };

    /// <summary>The files, by name, as UTF-8 text.</summary>
    public static IReadOnlyDictionary<string, string> Files()
    {
        return new Dictionary<string, string>
        {
            [PopulationFile] = Population(),
            [MigrationFile] = Migration(),
            [RegisterFile] = ForeignersRegister(),
            [NaturalisationFile] = Naturalisations(),
            [EmploymentFile] = Employment(),
            [BasicIncomeFile] = BasicIncome(),
            [DaycareFile] = Daycare(),
            [ResidenceFile] = ResidenceDuration(),
            [SchoolFile] = SchoolLeavers(),
            [ChildrenFile] = ChildrenByOrigin(),
        };
    }

    /// <summary>Writes the files to <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        return Files().Select(f =>
        {
            var path = Path.Combine(folder, f.Key);
            File.WriteAllText(path, f.Value, new UTF8Encoding(false));
            return path;
        }).ToList();
    }

    static IEnumerable<int> Years => Enumerable.Range(FirstYear, LastYear - FirstYear + 1);

    /// <summary>The foreign share of a place in a year: slow growth, the 2015/16 refugee inflow, the 2022 arrivals from Ukraine.</summary>
    static double ForeignShare(Place place, int year)
    {
        var share = place.ForeignShare2012 * (1 + 0.025 * (year - FirstYear));
        if (year >= 2015) share += place.ForeignShare2012 * 0.12;
        if (year >= 2016) share += place.ForeignShare2012 * 0.08;
        if (year >= 2022) share += place.ForeignShare2012 * 0.10;
        return share;
    }

    static double Population(Place place, int year) => place.Population * (1 + 0.003 * (year - FirstYear)) * (year >= 2022 ? 0.985 : 1.0); // Zensus 2022 correction

    static double Foreigners(Place place, int year) => Population(place, year) * ForeignShare(place, year);

    static double Germans(Place place, int year) => Population(place, year) * (1 - ForeignShare(place, year));

    /// <summary>The share of the German or the foreign residents in the age groups chosen, the groups' shares normalised to 1.</summary>
    static double AgeShare(bool foreign, Func<string, bool> groups) =>
        AgeGroups.Where(a => groups(a.Code)).Sum(a => foreign ? a.Foreign : a.German) / AgeGroups.Sum(a => foreign ? a.Foreign : a.German);

    static bool WorkingAge(string group) => string.CompareOrdinal(group, "ALT015B18") >= 0 && string.CompareOrdinal(group, "ALT060B65") <= 0;

    /// <summary>A deterministic wobble in [-1, 1] per place, year and series, so series look measured, not drawn with a ruler.</summary>
    static double Noise(string key, int year, string series)
    {
        var hash = 17;
        foreach (var c in key + series) hash = unchecked(hash * 31 + c);
        hash = unchecked(hash * 31 + year);
        return ((hash & 0x7fffffff) % 2001 - 1000) / 1000.0;
    }

    /// <summary>A synthetic GENESIS flat file (German column names, wide value columns), written row by row.</summary>
    /// <param name="statistic">The statistic's code, e.g. 12411.</param>
    /// <param name="statisticLabel">The statistic's name.</param>
    /// <param name="timeCode">JAHR or STAG.</param>
    /// <param name="timeLabel">Jahr or Stichtag.</param>
    /// <param name="merkmale">The codes of the classifications after the regional one.</param>
    /// <param name="valueColumns">The value columns' header (CODE__Label__Unit).</param>
    /// <param name="referenceDay">The day and month of a Stichtag (STAG), e.g. "31.12." or "30.06.".</param>
    sealed class FlatFile(string statistic, string statisticLabel, string timeCode, string timeLabel, string[] merkmale, string valueColumns, string referenceDay = "31.12.")
    {
        readonly StringBuilder text = new(
            "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;"
            + string.Concat(Enumerable.Range(1, merkmale.Length + 1).Select(i => $"{i}_Merkmal_Code;{i}_Merkmal_Label;{i}_Auspraegung_Code;{i}_Auspraegung_Label;"))
            + valueColumns + "\n");

        /// <summary>One row; <paramref name="values"/> are the figures of the value columns, separated by ';'.</summary>
        public void Row(int year, Place place, (string Merkmal, string MerkmalLabel, string Code, string Label)[] dimensions, string values)
        {
            var time = timeCode == "STAG" ? $"{referenceDay}{year}" : year.ToString(CultureInfo.InvariantCulture);
            var regional = place.Level switch { "GEMEIN" => "Gemeinden", "KREISE" => "Kreise und kreisfreie Städte", _ => "Bundesländer" };
            text.Append(CultureInfo.InvariantCulture, $"{statistic};{Marker}: {statisticLabel};{timeCode};{timeLabel};{time};{place.Level};{regional};{place.Key};{place.Name};");
            foreach (var d in dimensions) text.Append(CultureInfo.InvariantCulture, $"{d.Merkmal};{d.MerkmalLabel};{d.Code};{d.Label};");
            text.Append(values).Append('\n');
        }

        public override string ToString() => text.ToString();
    }


    static string Count(double value) => Math.Round(value).ToString("N0", Core.German.Culture);

    /// <summary>The foreigners register publishes every figure rounded to a multiple of 5 (12521-03i, its footnote).</summary>
    static string CountBy5(double value) => (Math.Round(value / 5) * 5).ToString("N0", Core.German.Culture);

    static string Percent(double value) => value.ToString("N1", Core.German.Culture);

    static (string, string, string, string) Nat(bool foreign) =>
        foreign ? ("NAT", "Nationalität", "NATA", "Ausländer(innen)") : ("NAT", "Nationalität", "NATD", "Deutsche");

    /// <summary>The total over a Merkmal: an empty code, as in the offices' flat files.</summary>
    static (string, string, string, string) Total(string merkmal, string label) => (merkmal, label, "", "Insgesamt");

    const string AgeMerkmal = "Altersgruppen (unter 3, 5er-Schritte, 90 und mehr)";

    /// <summary>
    /// Residents by nationality per Gemeinde (the Landesdatenbank NRW publishes nationality down to the Gemeinde) with the
    /// Kreis as their sum; for the Kreis and NRW also by nationality and the 21 age groups of 12411-03-03-4, which the
    /// Regionalstatistik publishes per Kreis only. Totals are rows with an empty code, as in the offices' files.
    /// </summary>
    static string Population()
    {
        var file = new FlatFile("12411", "Fortschreibung des Bevölkerungsstandes", "STAG", "Stichtag", ["NAT", "ALTX21"], "BEVSTD__Bevoelkerungsstand__Anzahl");
        foreach (var year in Years)
        {
            var (kreisForeign, kreisGerman) = (0.0, 0.0);
            foreach (var m in Municipalities)
            {
                var foreign = Math.Round(Foreigners(m, year) * (1 + 0.01 * Noise(m.Key, year, "bevA")));
                var german = Math.Round(Germans(m, year) * (1 + 0.01 * Noise(m.Key, year, "bevD")));
                (kreisForeign, kreisGerman) = (kreisForeign + foreign, kreisGerman + german);
                WriteTotals(file, year, m, foreign, german);
            }
            WriteTotals(file, year, Kreis, kreisForeign, kreisGerman);
            WriteByAge(file, year, Kreis, kreisForeign, kreisGerman);
            var (nrwForeign, nrwGerman) = (Math.Round(Foreigners(Nrw, year)), Math.Round(Germans(Nrw, year)));
            WriteTotals(file, year, Nrw, nrwForeign, nrwGerman);
            WriteByAge(file, year, Nrw, nrwForeign, nrwGerman);
        }
        return file.ToString();
    }

    static void WriteTotals(FlatFile file, int year, Place place, double foreign, double german)
    {
        var age = Total("ALTX21", AgeMerkmal);
        file.Row(year, place, [Total("NAT", "Nationalität"), age], Count(foreign + german));
        file.Row(year, place, [Nat(true), age], Count(foreign));
        file.Row(year, place, [Nat(false), age], Count(german));
    }

    /// <summary>The totals split over the age groups; the rounding remainder goes to the largest group, so the groups add up to the total.</summary>
    static void WriteByAge(FlatFile file, int year, Place place, double foreign, double german)
    {
        foreach (var (isForeign, total) in new[] { (true, foreign), (false, german) })
        {
            var shares = AgeGroups.Select(a => AgeShare(isForeign, code => code == a.Code)).ToArray();
            var counts = shares.Select(s => Math.Round(total * s)).ToArray();
            counts[Array.IndexOf(shares, shares.Max())] += total - counts.Sum();
            for (var i = 0; i < AgeGroups.Length; i++)
            {
                file.Row(year, place, [Nat(isForeign), ("ALTX21", AgeMerkmal, AgeGroups[i].Code, AgeGroups[i].Label)], Count(counts[i]));
            }
        }
    }

    /// <summary>Moves of foreigners over the Gemeinde borders and from abroad: by nationality published per Kreis only (12711-03-02-4).</summary>
    static string Migration()
    {
        var file = new FlatFile("12711", "Wanderungsstatistik", "JAHR", "Jahr", ["NAT"],
            "BEV081__Zuzuege_ueber_die_Gemeindegrenzen__Anzahl;BEV082__Fortzuege_ueber_die_Gemeindegrenzen__Anzahl;BEV083__Zuzuege_aus_dem_Ausland_ueber_die_Gemeindegrenzen__Anzahl");
        foreach (var year in Years)
        foreach (var place in KreisAndLand)
        {
            var foreigners = Foreigners(place, year);
            var inflow = foreigners * (0.11 + (year is 2015 or 2016 ? 0.09 : 0) + (year == 2022 ? 0.10 : 0) + 0.01 * Noise(place.Key, year, "zuz"));
            var outflow = foreigners * (0.08 + 0.01 * Noise(place.Key, year, "fort"));
            var fromAbroad = inflow * (year is 2015 or 2016 or 2022 ? 0.70 : 0.55);
            file.Row(year, place, [Nat(true)], $"{Count(inflow)};{Count(outflow)};{Count(fromAbroad)}");
        }
        return file.ToString();
    }

    /// <summary>
    /// The foreigners register as the Landesdatenbank NRW publishes it (12521-03i, Kreise): foreigners by continent and by
    /// nationality code, rounded to multiples of 5. The nationality is the table's row classification, which the import
    /// of the table names ZEILE1.
    /// </summary>
    static string ForeignersRegister()
    {
        var file = new FlatFile("12521", "Ausländerstatistik (Ausländerzentralregister)", "STAG", "Stichtag", ["ZEILE1"], "AZR_AUSLAENDER__Auslaendische_Bevoelkerung__Anzahl");
        const string Merkmal = "Staatsangehörigkeiten (215)";
        foreach (var year in Years)
        foreach (var place in KreisAndLand)
        {
            var ukraine = year >= 2022 ? 0.12 : 0.01;
            var others = year >= 2022 ? 0.88 : 0.99;
            var shares = Nationalities.Select(n => (n.Code, n.Label, n.Continent, Share: n.Share * others * (1 + 0.03 * Noise(place.Key, year, n.Code))))
                .Append((Code: "166", Label: "Ukraine", Continent: "1", Share: ukraine)).ToList();
            var continents = Continents.Select(c => (c.Code, c.Label, Share: c.Remainder * others + shares.Where(s => s.Continent == c.Code).Sum(s => s.Share))).ToList();
            var all = continents.Sum(c => c.Share);
            var foreigners = Foreigners(place, year);
            foreach (var (code, label, share) in continents) file.Row(year, place, [("ZEILE1", Merkmal, code, label)], CountBy5(foreigners * share / all));
            foreach (var (code, label, _, share) in shares.OrderBy(s => int.Parse(s.Code, CultureInfo.InvariantCulture)))
            {
                file.Row(year, place, [("ZEILE1", Merkmal, code, label)], CountBy5(foreigners * share / all));
            }
        }
        return file.ToString();
    }

    /// <summary>Naturalisations (12511-01-01-4): published per Kreis.</summary>
    static string Naturalisations()
    {
        var file = new FlatFile("12511", "Einbürgerungsstatistik", "JAHR", "Jahr", [], "BEV008__Einbuergerungen_von_Auslaendern__Anzahl");
        foreach (var year in Years)
        foreach (var place in KreisAndLand)
        {
            var rate = 0.011 + (year >= 2021 ? 0.004 * (year - 2020) : 0) + 0.001 * Noise(place.Key, year, "ein");
            file.Row(year, place, [], Count(Foreigners(place, year) * rate));
        }
        return file.ToString();
    }

    /// <summary>
    /// The district's own data (its foreigners authority's evaluation of the register): foreigners by its own nationality
    /// groups and by length of residence, for the Kreis. No office publishes the length of residence per Kreis.
    /// </summary>
    static string ResidenceDuration()
    {
        var file = new FlatFile("EIG", "eigene Daten der Ausländerbehörde (Auswertung des Ausländerzentralregisters)", "STAG", "Stichtag",
            ["EIG_STAGRP", "EIG_AUFDAUER"], "EIG_AUFENTHALT__Auslaender_nach_Aufenthaltsdauer__Anzahl");
        foreach (var year in Years)
        foreach (var group in OwnGroups)
        {
            var foreigners = Foreigners(Kreis, year);
            var groupShare = group.Code == "EIG_UKR" ? (year >= 2022 ? 0.12 : 0.01) : group.Share * (year >= 2022 ? 0.88 : 0.99);
            var longShare = group.Code is "EIG_TUR" or "EIG_EU14" ? 0.70 : group.Code is "EIG_UKR" or "EIG_ASYL8" ? 0.15 + 0.01 * (year - FirstYear) : 0.40;
            foreach (var (duration, label, share) in new[] { ("EIG_U8", "unter 8 Jahre", 0.92 - longShare), ("EIG_8B10", "8 bis unter 10 Jahre", 0.08), ("EIG_10UM", "10 Jahre und mehr", longShare) })
            {
                var value = foreigners * groupShare * share * (1 + 0.02 * Noise(Kreis.Key, year, group.Code + duration));
                file.Row(year, Kreis, [("EIG_STAGRP", "Staatsangehörigkeitsgruppen", group.Code, group.Label), ("EIG_AUFDAUER", "Aufenthaltsdauer", duration, label)], Count(value));
            }
        }
        return file.ToString();
    }

    /// <summary>
    /// Employees subject to social insurance at their place of residence on 30.06. (13111-02-02-5 per Gemeinde, the Kreis
    /// as their sum): all and foreigners, as the statistics publish them, with no row for Germans.
    /// </summary>
    static string Employment()
    {
        var file = new FlatFile("13111", "Sozialversicherungspflichtig Beschäftigte am Wohnort", "STAG", "Stichtag", ["NAT"],
            "ERW033__Sozialversicherungspfl._Beschaeftigte_(Wohnort)__Anzahl", "30.06.");
        var foreignAge = AgeShare(true, WorkingAge);
        var germanAge = AgeShare(false, WorkingAge);
        foreach (var year in Years)
        {
            var (kreisAll, kreisForeign) = (0.0, 0.0);
            foreach (var place in Municipalities.Append(Nrw))
            {
                var foreignRate = 0.42 + 0.012 * (year - FirstYear) - (year is 2016 or 2017 ? 0.04 : 0);
                var germanRate = 0.60 + 0.006 * (year - FirstYear);
                var foreign = Math.Round(Foreigners(place, year) * foreignAge * foreignRate * (1 + 0.01 * Noise(place.Key, year, "beschA")));
                var german = Math.Round(Germans(place, year) * germanAge * germanRate * (1 + 0.01 * Noise(place.Key, year, "beschD")));
                if (place != Nrw) (kreisAll, kreisForeign) = (kreisAll + foreign + german, kreisForeign + foreign);
                file.Row(year, place, [Total("NAT", "Nationalität")], Count(foreign + german));
                file.Row(year, place, [Nat(true)], Count(foreign));
            }
            file.Row(year, Kreis, [Total("NAT", "Nationalität")], Count(kreisAll));
            file.Row(year, Kreis, [Nat(true)], Count(kreisForeign));
        }
        return file.ToString();
    }

    /// <summary>
    /// The BA's basic income support statistics for the Kreis and NRW: recipients of standard benefits (RLB) and, as the
    /// denominator of the SGB II rate, the population under the statutory retirement age, which rises from 65 years and
    /// one month (2012) to 66 years (2024).
    /// </summary>
    static string BasicIncome()
    {
        var file = new FlatFile("BA", "Grundsicherung für Arbeitsuchende (SGB II), Regelleistungsberechtigte und Bezugsgröße", "JAHR", "Jahr", ["NAT"],
            "BA_SGB2_RLB__Regelleistungsberechtigte__Anzahl;BA_BEV_RAG__Bevoelkerung_unter_der_Regelaltersgrenze__Anzahl");
        foreach (var year in Years)
        foreach (var foreign in new[] { false, true })
        foreach (var place in KreisAndLand)
        {
            // Under 65, plus the part of the 65-to-70 group below the retirement age (one month more per year until 2024).
            var months = Math.Min(12, year - 2011);
            var underLimit = AgeShare(foreign, code => string.CompareOrdinal(code, "ALT065B70") < 0) + AgeShare(foreign, code => code == "ALT065B70") * months / 60.0;
            var population = (foreign ? Foreigners(place, year) : Germans(place, year)) * underLimit;
            var rate = foreign ? 0.16 + (year >= 2016 ? 0.06 : 0) - 0.004 * Math.Max(0, year - 2017) + (year >= 2022 ? 0.03 : 0) : 0.045;
            var recipients = population * rate * (1 + 0.02 * Noise(place.Key, year, "sgb" + foreign));
            file.Row(year, place, [Nat(foreign)], $"{Count(recipients)};{Count(population)}");
        }
        return file.ToString();
    }

    /// <summary>
    /// The district's own data (or the Land's school statistics): leavers of general schools by nationality and
    /// qualification, in the official classification BILAG2. The Regionalstatistik publishes qualifications without nationality.
    /// </summary>
    static string SchoolLeavers()
    {
        var file = new FlatFile("EIG", "eigene Daten: Schulstatistik, Absolventen und Abgänger nach Staatsangehörigkeit", "JAHR", "Jahr", ["NAT", "BILAG2"],
            "EIG_SCHULABGANG__Absolventen_und_Abgaenger__Anzahl");
        (string Code, string Label)[] qualifications =
        [
            ("BILABS11", "ohne Hauptschulabschluss"), ("BILABS12", "mit Hauptschulabschluss"), ("BILABS13", "mit Mittlerem Abschluss"),
            ("BILABS14", "mit Fachhochschulreife"), ("BILABS15", "mit allgemeiner Hochschulreife"),
        ];
        foreach (var year in Years)
        foreach (var foreign in new[] { false, true })
        foreach (var place in KreisAndLand)
        {
            var t = year - FirstYear;
            var leavers = (foreign ? Foreigners(place, year) * 1.1 : Germans(place, year)) * 0.0105;
            double[] shares = foreign ? [0.17 - 0.004 * t, 0.22, 0.37, 0.03, 0.21 + 0.004 * t] : [0.05, 0.12, 0.40, 0.03, 0.40];
            for (var q = 0; q < qualifications.Length; q++)
            {
                var value = leavers * shares[q] * (1 + 0.03 * Noise(place.Key, year, qualifications[q].Code + foreign));
                file.Row(year, place, [Nat(foreign), ("BILAG2", "Abschlussarten", qualifications[q].Code, qualifications[q].Label)], Count(value));
            }
        }
        return file.ToString();
    }

    /// <summary>
    /// Daycare on 1 March, per Kreis (the youth welfare statistics): children in care by age group (KIND35) and the share
    /// among them with at least one parent of foreign origin (KIND37, a percentage).
    /// </summary>
    static string Daycare()
    {
        var file = new FlatFile("22541", "Kinder in Tageseinrichtungen und öffentlich geförderter Kindertagespflege", "STAG", "Stichtag", ["ALT544"],
            "KIND35__Kinder_in_Kindertagesbetreuung__Anzahl;KIND37__Anteil_Kinder_mit_auslaendischer_Herkunft_mind._eines_Elternteils__Prozent", "01.03.");
        foreach (var year in Years)
        foreach (var place in KreisAndLand)
        foreach (var (age, label, rate, origin) in new[]
                 {
                     ("ALT000B03", "unter 3 Jahre", 0.28 + 0.010 * (year - FirstYear), 0.22 + 0.003 * (year - FirstYear)),
                     ("ALT003B06", "3 bis unter 6 Jahre", 0.92, 0.30 + 0.004 * (year - FirstYear)),
                 })
        {
            var children = Population(place, year) * 0.029 * rate * (1 + 0.02 * Noise(place.Key, year, age));
            var share = 100 * origin * (1 + 0.02 * Noise(place.Key, year, age + "hk"));
            file.Row(year, place, [("ALT544", "Altersgruppen", age, label)], $"{Count(children)};{Percent(share)}");
        }
        return file.ToString();
    }

    /// <summary>
    /// The district's own data from its population register: children with at least one parent of foreign origin, by age
    /// group, on 31.12., the denominator of the daycare rates by origin.
    /// </summary>
    static string ChildrenByOrigin()
    {
        var file = new FlatFile("EIG", "eigene Daten des Melderegisters, Kinder nach Herkunft der Eltern", "STAG", "Stichtag", ["ALT544"],
            "EIG_KINDER_HK__Kinder_mit_mind._einem_Elternteil_auslaendischer_Herkunft__Anzahl");
        foreach (var year in Years)
        foreach (var (age, label, origin) in new[] { ("ALT000B03", "unter 3 Jahre", 0.36), ("ALT003B06", "3 bis unter 6 Jahre", 0.38) })
        {
            var children = Population(Kreis, year) * 0.029 * (origin + 0.003 * (year - FirstYear)) * (1 + 0.02 * Noise(Kreis.Key, year, age + "mel"));
            file.Row(year, Kreis, [("ALT544", "Altersgruppen", age, label)], Count(children));
        }
        return file.ToString();
    }
}
