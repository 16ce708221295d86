using System.Globalization;
using System.Text;

namespace Monitoring.Ingest.Demo;

/// <summary>
/// Writes synthetic but plausible statistics for Kreis Gütersloh's 13 municipalities, the Kreis and NRW, 2012 to 2024,
/// as GENESIS flat-file CSVs (German naming, wide layout). Deterministic: the same files every time.
/// The figures are invented; every label says "Beispieldaten", and nothing here is an official figure.
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

    static readonly (string Code, string Label, double Share)[] AgeGroups =
    [
        ("ALT000B15", "unter 15 Jahre", 0.14),
        ("ALT015B18", "15 bis unter 18 Jahre", 0.03),
        ("ALT018B65", "18 bis unter 65 Jahre", 0.61),
        ("ALT065UM", "65 Jahre und mehr", 0.22),
    ];

    static readonly (string Code, string Label, double Share)[] NationalityGroups =
    [
        ("EU14", "EU-14", 0.16), ("EUOST", "EU-Osterweiterung", 0.30), ("ASYL8", "Asylherkunftsländer", 0.17),
        ("UKR", "Ukraine", 0.00), ("TUR", "Türkei", 0.14), ("SONST", "Sonstige", 0.23),
    ];

    /// <summary>A readable title per demo file, used as its source's name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        ["12411_bevoelkerung_beispieldaten_flat.csv"] = "Bevölkerungsstand (12411)",
        ["12711_wanderungen_beispieldaten_flat.csv"] = "Wanderungen (12711)",
        ["12521_auslaenderzentralregister_beispieldaten_flat.csv"] = "Ausländerzentralregister (12521)",
        ["12511_einbuergerungen_beispieldaten_flat.csv"] = "Einbürgerungen (12511)",
        ["13111_beschaeftigte_beispieldaten_flat.csv"] = "SV-Beschäftigte am Wohnort (13111)",
        ["sgb2_grundsicherung_beispieldaten_flat.csv"] = "Grundsicherung SGB II (BA)",
        ["21111_schulabgaenger_beispieldaten_flat.csv"] = "Schulabgänger (21111)",
        ["22541_kindertagesbetreuung_beispieldaten_flat.csv"] = "Kindertagesbetreuung (22541)",
    };

    /// <summary>The files, by name, as UTF-8 text.</summary>
    public static IReadOnlyDictionary<string, string> Files()
    {
        return new Dictionary<string, string>
        {
            ["12411_bevoelkerung_beispieldaten_flat.csv"] = Population(),
            ["12711_wanderungen_beispieldaten_flat.csv"] = Migration(),
            ["12521_auslaenderzentralregister_beispieldaten_flat.csv"] = ForeignersRegister(),
            ["12511_einbuergerungen_beispieldaten_flat.csv"] = Naturalisations(),
            ["13111_beschaeftigte_beispieldaten_flat.csv"] = Employment(),
            ["sgb2_grundsicherung_beispieldaten_flat.csv"] = BasicIncome(),
            ["21111_schulabgaenger_beispieldaten_flat.csv"] = SchoolLeavers(),
            ["22541_kindertagesbetreuung_beispieldaten_flat.csv"] = Daycare(),
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

    /// <summary>A deterministic wobble in [-1, 1] per place, year and series, so series look measured, not drawn with a ruler.</summary>
    static double Noise(string key, int year, string series)
    {
        var hash = 17;
        foreach (var c in key + series) hash = unchecked(hash * 31 + c);
        hash = unchecked(hash * 31 + year);
        return ((hash & 0x7fffffff) % 2001 - 1000) / 1000.0;
    }

    sealed class FlatFile(string statistic, string statisticLabel, string timeCode, string timeLabel, string[] merkmale, string valueColumn)
    {
        readonly StringBuilder text = new(
            "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;"
            + string.Concat(Enumerable.Range(1, merkmale.Length + 1).Select(i => $"{i}_Merkmal_Code;{i}_Merkmal_Label;{i}_Auspraegung_Code;{i}_Auspraegung_Label;"))
            + valueColumn + "\n");

        public void Row(int year, Place place, (string Merkmal, string MerkmalLabel, string Code, string Label)[] dimensions, string value)
        {
            var time = timeCode == "STAG" ? $"31.12.{year}" : year.ToString(CultureInfo.InvariantCulture);
            var regional = place.Level switch { "GEMEIN" => "Gemeinden", "KREISE" => "Kreise und kreisfreie Städte", _ => "Bundesländer" };
            text.Append(CultureInfo.InvariantCulture, $"{statistic};{Marker}: {statisticLabel};{timeCode};{timeLabel};{time};{place.Level};{regional};{place.Key};{place.Name};");
            foreach (var d in dimensions) text.Append(CultureInfo.InvariantCulture, $"{d.Merkmal};{d.MerkmalLabel};{d.Code};{d.Label};");
            text.Append(value).Append('\n');
        }

        public override string ToString() => text.ToString();
    }

    static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    static string Count(double value) => Math.Round(value).ToString("N0", German);

    static Place Kreis(double population, double share) => new("05754", "Kreis Gütersloh", "KREISE", population, share);

    static (string, string, string, string) Nat(bool foreign) =>
        foreign ? ("NAT", "Staatsangehörigkeit", "NATA", "Ausländer(innen)") : ("NAT", "Staatsangehörigkeit", "NATD", "Deutsche");

    /// <summary>Municipalities, the Kreis as their sum, and NRW.</summary>
    static void ForAllPlaces(int year, Func<Place, int, double> value, Action<Place, double> write)
    {
        double kreis = 0;
        foreach (var m in Municipalities)
        {
            var v = Math.Round(value(m, year));
            kreis += v;
            write(m, v);
        }
        write(Kreis(0, 0), kreis);
        write(Nrw, Math.Round(value(Nrw, year)));
    }

    static string Population()
    {
        var file = new FlatFile("12411", "Fortschreibung des Bevölkerungsstandes", "STAG", "Stichtag", ["NAT", "ALTX20"], "BEVSTD__Bevoelkerungsstand__Anzahl");
        foreach (var year in Years)
        foreach (var foreign in new[] { false, true })
        foreach (var age in AgeGroups)
        {
            // Foreign residents are younger on average: more in working age and childhood, fewer over 65.
            var ageShare = foreign ? age.Code switch { "ALT065UM" => 0.09, "ALT018B65" => 0.70, "ALT000B15" => 0.17, _ => 0.04 } : age.Share;
            ForAllPlaces(year,
                (p, y) => Population(p, y) * (foreign ? ForeignShare(p, y) : 1 - ForeignShare(p, y)) * ageShare * (1 + 0.01 * Noise(p.Key, y, age.Code + foreign)),
                (p, v) => file.Row(year, p, [Nat(foreign), ("ALTX20", "Altersgruppen", age.Code, age.Label)], Count(v)));
        }
        return file.ToString();
    }

    static string Migration()
    {
        var file = new FlatFile("12711", "Wanderungsstatistik", "JAHR", "Jahr", ["NAT"], "BEV081__Zuzuege__Anzahl;BEV082__Fortzuege__Anzahl");
        var text = new StringBuilder(file.ToString());
        foreach (var year in Years)
        {
            double kreisIn = 0, kreisOut = 0;
            foreach (var p in Municipalities.Append(Nrw))
            {
                var foreigners = Population(p, year) * ForeignShare(p, year);
                var inflow = Math.Round(foreigners * (0.11 + (year is 2015 or 2016 ? 0.09 : 0) + (year == 2022 ? 0.10 : 0) + 0.01 * Noise(p.Key, year, "zuz")));
                var outflow = Math.Round(foreigners * (0.08 + 0.01 * Noise(p.Key, year, "fort")));
                if (p != Nrw) { kreisIn += inflow; kreisOut += outflow; }
                text.Append(Line(p, inflow, outflow));
            }
            text.Append(Line(Kreis(0, 0), kreisIn, kreisOut));

            string Line(Place p, double inflow, double outflow) =>
                $"12711;{Marker}: Wanderungsstatistik;JAHR;Jahr;{year};{p.Level};{(p.Level == "GEMEIN" ? "Gemeinden" : p.Level == "KREISE" ? "Kreise und kreisfreie Städte" : "Bundesländer")};{p.Key};{p.Name};NAT;Staatsangehörigkeit;NATA;Ausländer(innen);{Count(inflow)};{Count(outflow)}\n";
        }
        return text.ToString();
    }

    /// <summary>The foreigners register is published per Kreis: the Kreis and NRW only.</summary>
    static string ForeignersRegister()
    {
        var file = new FlatFile("12521", "Ausländerzentralregister", "STAG", "Stichtag", ["STAGRP", "AUFDAU"], "AZR001__Auslaendische_Bevoelkerung__Anzahl");
        foreach (var year in Years)
        foreach (var group in NationalityGroups)
        foreach (var (duration, durationLabel, longStay) in new[] { ("DAU10U", "unter 10 Jahre", false), ("DAU10M", "10 Jahre und mehr", true) })
        {
            foreach (var place in new[] { Kreis(Municipalities.Sum(m => m.Population), 0.105), Nrw })
            {
                var foreigners = Population(place, year) * ForeignShare(place, year);
                var groupShare = group.Code == "UKR" ? (year >= 2022 ? 0.12 : 0.01) : group.Share * (year >= 2022 ? 0.88 : 0.99);
                var longShare = group.Code is "TUR" or "EU14" ? 0.70 : group.Code is "UKR" or "ASYL8" ? 0.15 + 0.01 * (year - FirstYear) : 0.40;
                var value = foreigners * groupShare * (longStay ? longShare : 1 - longShare) * (1 + 0.02 * Noise(place.Key, year, group.Code + duration));
                file.Row(year, place, [("STAGRP", "Staatsangehörigkeitsgruppen", group.Code, group.Label), ("AUFDAU", "Aufenthaltsdauer", duration, durationLabel)], Count(value));
            }
        }
        return file.ToString();
    }

    static string Naturalisations()
    {
        var file = new FlatFile("12511", "Einbürgerungsstatistik", "JAHR", "Jahr", [], "EIN001__Einbuergerungen__Anzahl");
        foreach (var year in Years)
        {
            foreach (var place in new[] { Kreis(Municipalities.Sum(m => m.Population), 0.105), Nrw })
            {
                var foreigners = Population(place, year) * ForeignShare(place, year);
                var rate = 0.011 + (year >= 2021 ? 0.004 * (year - 2020) : 0) + 0.001 * Noise(place.Key, year, "ein");
                file.Row(year, place, [], Count(foreigners * rate));
            }
        }
        return file.ToString();
    }

    static string Employment()
    {
        var file = new FlatFile("13111", "Sozialversicherungspflichtig Beschäftigte am Wohnort", "STAG", "Stichtag", ["NAT"], "ERW032__SV-Beschaeftigte_am_Wohnort__Anzahl");
        foreach (var year in Years)
        foreach (var foreign in new[] { false, true })
        {
            ForAllPlaces(year, (p, y) =>
            {
                var workingAge = Population(p, y) * (foreign ? ForeignShare(p, y) * 0.74 : (1 - ForeignShare(p, y)) * 0.63);
                var rate = foreign ? 0.42 + 0.012 * (y - FirstYear) - (y is 2016 or 2017 ? 0.04 : 0) : 0.60 + 0.006 * (y - FirstYear);
                return workingAge * rate * (1 + 0.01 * Noise(p.Key, y, "besch" + foreign));
            }, (p, v) => file.Row(year, p, [Nat(foreign)], Count(v)));
        }
        return file.ToString();
    }

    static string BasicIncome()
    {
        var file = new FlatFile("SGB2", "Grundsicherung für Arbeitsuchende (SGB II), Regelleistungsberechtigte", "JAHR", "Jahr", ["NAT"], "SGB201__Regelleistungsberechtigte__Anzahl");
        foreach (var year in Years)
        foreach (var foreign in new[] { false, true })
        {
            double kreis = 0;
            foreach (var m in Municipalities.Append(Nrw))
            {
                var under65 = Population(m, year) * (foreign ? ForeignShare(m, year) * 0.91 : (1 - ForeignShare(m, year)) * 0.78);
                var rate = foreign ? 0.16 + (year >= 2016 ? 0.06 : 0) - 0.004 * Math.Max(0, year - 2017) + (year >= 2022 ? 0.03 : 0) : 0.045;
                var value = Math.Round(under65 * rate * (1 + 0.02 * Noise(m.Key, year, "sgb" + foreign)));
                if (m != Nrw) kreis += value;
                // Small municipalities' figures are kept secret in some years, as the statistics offices do: the official symbol ".".
                var secret = foreign && m.Population < 10_000 && year % 4 == 0;
                file.Row(year, m, [Nat(foreign)], secret ? "." : Count(value));
            }
            file.Row(year, Kreis(0, 0), [Nat(foreign)], Count(kreis));
        }
        return file.ToString();
    }

    /// <summary>School statistics per Kreis: leavers by nationality and qualification.</summary>
    static string SchoolLeavers()
    {
        var file = new FlatFile("21111", "Statistik der allgemeinbildenden Schulen, Absolventen und Abgänger", "JAHR", "Jahr", ["NAT", "SCHABS"], "SCH001__Absolventen_und_Abgaenger__Anzahl");
        (string Code, string Label)[] qualifications = [("OHNEHSA", "ohne Ersten Schulabschluss"), ("MITHSA", "mit Erstem oder Mittlerem Schulabschluss"), ("HSR", "mit Hochschulreife")];
        foreach (var year in Years)
        foreach (var foreign in new[] { false, true })
        {
            foreach (var place in new[] { Kreis(Municipalities.Sum(m => m.Population), 0.105), Nrw })
            {
                var leavers = Population(place, year) * 0.0105 * (foreign ? ForeignShare(place, year) * 1.1 : 1 - ForeignShare(place, year));
                double[] shares = foreign
                    ? [0.17 - 0.004 * (year - FirstYear), 0.62, 0.21 + 0.004 * (year - FirstYear)]
                    : [0.05, 0.55, 0.40];
                for (var q = 0; q < qualifications.Length; q++)
                {
                    var value = leavers * shares[q] * (1 + 0.03 * Noise(place.Key, year, qualifications[q].Code + foreign));
                    file.Row(year, place, [Nat(foreign), ("SCHABS", "Schulabschluss", qualifications[q].Code, qualifications[q].Label)], Count(value));
                }
            }
        }
        return file.ToString();
    }

    /// <summary>Daycare per Kreis (youth welfare office): children in daycare by age and foreign origin of a parent.</summary>
    static string Daycare()
    {
        var file = new FlatFile("22541", "Kinder in Tageseinrichtungen und öffentlich geförderter Kindertagespflege", "STAG", "Stichtag", ["ALTKITA", "HERKUNFT"], "KIT001__Kinder_in_Tagesbetreuung__Anzahl");
        foreach (var year in Years)
        foreach (var (age, ageLabel, cohortShare) in new[] { ("U3", "unter 3 Jahre", 0.029), ("3B6", "3 bis unter 6 Jahre", 0.029) })
        foreach (var (origin, originLabel, foreign) in new[] { ("HKAUS", "mit ausländischer Herkunft mindestens eines Elternteils", true), ("HKDT", "ohne ausländische Herkunft der Eltern", false) })
        {
            foreach (var place in new[] { Kreis(Municipalities.Sum(m => m.Population), 0.105), Nrw })
            {
                var children = Population(place, year) * cohortShare * (foreign ? ForeignShare(place, year) * 2.4 : 1 - ForeignShare(place, year) * 2.4);
                var rate = age == "U3" ? (foreign ? 0.15 + 0.008 * (year - FirstYear) : 0.30 + 0.010 * (year - FirstYear)) : (foreign ? 0.80 + 0.005 * (year - FirstYear) : 0.95);
                file.Row(year, place, [("ALTKITA", "Altersgruppen Kindertagesbetreuung", age, ageLabel), ("HERKUNFT", "Herkunft", origin, originLabel)],
                    Count(children * rate * (1 + 0.02 * Noise(place.Key, year, age + origin))));
            }
        }
        return file.ToString();
    }
}
