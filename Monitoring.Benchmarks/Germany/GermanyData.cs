using System.Globalization;
using System.Text;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;

namespace Monitoring.Benchmarks.Germany;

/// <summary>
/// Benchmark data at Germany scale, as an analyst would receive it. The areas: the 16 Länder with their official keys
/// and names, their Regierungsbezirke where they have them (official keys and names), and as many Kreise (kreisfreie
/// Städte among them) and Gemeinden per Land as it had in 2024, about 10,750 in all. Kreise and Gemeinden other than
/// Kreis Gütersloh and its 13 towns (taken from the shipped reference list) get keys of the official structure
/// (Land 2, Regierungsbezirk 1, Kreis 2, Gemeinde 3 digits; kreisfreie Städte numbered from 01, Landkreise from 51),
/// not the real ones: no official list is shipped. The observations: every catalog variable per Gemeinde and year, its
/// total and every combination of dimension values the catalog's formulas filter on, written as GENESIS flat files
/// (ffcsv, one per variable) with German numbers and the official symbols here and there.
/// </summary>
static class GermanyData
{
    /// <summary>A Land: key, name, its Regierungsbezirke (key digit, name; none where it has none), Kreise, of them kreisfrei, and Gemeinden.</summary>
    sealed record Land(string Key, string Name, (char Digit, string Name)[] Bezirke, int Kreise, int Kreisfrei, int Gemeinden);

    static readonly Land[] Laender =
    [
        new("01", "Schleswig-Holstein", [], 15, 4, 1104),
        new("02", "Hamburg", [], 1, 1, 1),
        new("03", "Niedersachsen", [], 45, 8, 941),
        new("04", "Bremen", [], 2, 2, 2),
        new("05", "Nordrhein-Westfalen", [('1', "Regierungsbezirk Düsseldorf"), ('3', "Regierungsbezirk Köln"), ('5', "Regierungsbezirk Münster"), ('7', "Regierungsbezirk Detmold"), ('9', "Regierungsbezirk Arnsberg")], 53, 22, 396),
        new("06", "Hessen", [('4', "Regierungsbezirk Darmstadt"), ('5', "Regierungsbezirk Gießen"), ('6', "Regierungsbezirk Kassel")], 26, 5, 421),
        new("07", "Rheinland-Pfalz", [], 36, 12, 2301),
        new("08", "Baden-Württemberg", [('1', "Regierungsbezirk Stuttgart"), ('2', "Regierungsbezirk Karlsruhe"), ('3', "Regierungsbezirk Freiburg"), ('4', "Regierungsbezirk Tübingen")], 44, 9, 1101),
        new("09", "Bayern", [('1', "Oberbayern"), ('2', "Niederbayern"), ('3', "Oberpfalz"), ('4', "Oberfranken"), ('5', "Mittelfranken"), ('6', "Unterfranken"), ('7', "Schwaben")], 96, 25, 2056),
        new("10", "Saarland", [], 6, 0, 52),
        new("11", "Berlin", [], 1, 1, 1),
        new("12", "Brandenburg", [], 18, 4, 413),
        new("13", "Mecklenburg-Vorpommern", [], 8, 2, 726),
        new("14", "Sachsen", [], 13, 3, 418),
        new("15", "Sachsen-Anhalt", [], 14, 3, 218),
        new("16", "Thüringen", [], 22, 5, 605),
    ];

    public const string Guetersloh = "05754";

    /// <summary>The generated files: the area list (the reference list's format), the flat files, and their rows.</summary>
    public sealed record Files(string Areas, IReadOnlyList<string> FlatFiles, IReadOnlyList<ReferenceAreas.Row> AreaRows, int Gemeinden, long Rows);

    /// <param name="directory">Where to write.</param>
    /// <param name="scale">The share of each Land's Kreise and Gemeinden to generate (1 for all of Germany); Kreis Gütersloh is always whole.</param>
    /// <param name="firstYear">The first year.</param>
    /// <param name="years">How many years.</param>
    public static Files Write(string directory, double scale, int firstYear, int years)
    {
        var areas = Areas(scale);
        var areasFile = Path.Combine(directory, "gebiete.csv");
        using (var writer = new StreamWriter(areasFile, false, new UTF8Encoding(false)))
        {
            writer.WriteLine("ags,name,level,parent_ags");
            foreach (var area in areas) writer.WriteLine($"{area.Key},\"{area.Name}\",{area.Level},{area.ParentKey}");
        }
        var gemeinden = areas.Where(a => a.Level == AreaLevel.Gemeinde).ToList();
        var catalog = IndicatorCatalog.Shipped();
        var files = new List<string>();
        long rows = 0;
        foreach (var variable in catalog.Variables.OrderBy(v => v.Code, StringComparer.Ordinal))
        {
            var combinations = Combinations(catalog, variable);
            if (combinations is null) continue;
            var file = Path.Combine(directory, $"{variable.Code.ToLowerInvariant()}_flat.csv");
            rows += WriteFlatFile(file, variable, combinations, gemeinden, firstYear, years);
            files.Add(file);
        }
        return new Files(areasFile, files, areas, gemeinden.Count, rows);
    }

    /// <summary>
    /// The variable's total and each combination the catalog's formulas filter on, in full (every value of the filtered
    /// dimensions); null when no formula uses the variable.
    /// </summary>
    static List<(string Dimension, string Value)[]>? Combinations(IndicatorCatalog catalog, CatalogVariable variable)
    {
        var used = catalog.Indicators.SelectMany(i => i.Formulas()).SelectMany(f => f.Variables).Where(r => r.Code == variable.Code).ToList();
        if (used.Count == 0) return null;
        var result = new List<(string, string)[]> { Array.Empty<(string, string)>() };
        foreach (var dimensions in used.Select(r => r.Filters.Keys.Order(StringComparer.Ordinal).ToArray()).Where(d => d.Length > 0).DistinctBy(d => string.Join(",", d)))
        {
            IEnumerable<(string, string)[]> product = [[]];
            foreach (var dimension in dimensions)
            {
                product = product.SelectMany(p => variable.Dimensions[dimension].Select(value => p.Append((dimension, value)).ToArray())).ToList();
            }
            result.AddRange(product);
        }
        return result;
    }

    static long WriteFlatFile(string path, CatalogVariable variable, List<(string Dimension, string Value)[]> combinations, List<ReferenceAreas.Row> gemeinden, int firstYear, int years)
    {
        var dimensions = combinations.SelectMany(c => c.Select(d => d.Dimension)).Distinct().Order(StringComparer.Ordinal).ToList();
        // Stocks at a reference date, flows per year, as GENESIS delivers them.
        var stock = variable.Code.StartsWith("BEV", StringComparison.Ordinal);
        var german = CultureInfo.GetCultureInfo("de-DE");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var header = new StringBuilder("Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label");
        for (var d = 0; d < dimensions.Count; d++) header.Append(CultureInfo.InvariantCulture, $";{d + 2}_Merkmal_Code;{d + 2}_Merkmal_Label;{d + 2}_Auspraegung_Code;{d + 2}_Auspraegung_Label");
        header.Append(CultureInfo.InvariantCulture, $";{variable.Code}__{variable.Label.Replace(';', ',')}__{variable.Unit ?? "Anzahl"}");
        writer.WriteLine(header);
        // One text per combination: the Merkmal columns, the total's empty code labelled "Insgesamt".
        var merkmale = combinations.Select(c => string.Concat(dimensions.Select(d => c.FirstOrDefault(m => m.Dimension == d).Value is string v ? $";{d};{d};{v};{v}" : $";{d};{d};;Insgesamt"))).ToArray();
        var shares = combinations.Select(c => c.Length == 0 ? 1.0 : 1.0 / c.Aggregate(1, (n, m) => n * variable.Dimensions[m.Dimension].Count)).ToArray();
        var time = Enumerable.Range(firstYear, years).Select(y => stock ? $"STAG;Stichtag;31.12.{y}" : $"JAHR;Jahr;{y}").ToArray();
        long rows = 0;
        for (var g = 0; g < gemeinden.Count; g++)
        {
            var (key, name) = (gemeinden[g].Key, gemeinden[g].Name);
            for (var y = 0; y < years; y++)
            {
                for (var c = 0; c < combinations.Count; c++)
                {
                    var value = Math.Round((500 + (g * 37L + (firstYear + y) * 11 + c * 7) % 20_000) * shares[c]);
                    writer.Write("99999;Benchmark;");
                    writer.Write(time[y]);
                    writer.Write(";GEMEIN;Gemeinden;");
                    writer.Write(key);
                    writer.Write(';');
                    writer.Write(name);
                    writer.Write(merkmale[c]);
                    writer.Write(';');
                    writer.Write(Figure(value, rows, german));
                    writer.Write('\n');
                    rows++;
                }
            }
        }
        // On disk before any import is timed, as a delivered file is: otherwise the kernel writes the 2.8 GB back while
        // the first imports run, and they pay for it.
        writer.Flush();
        ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        return rows;
    }

    /// <summary>Mostly plain German numbers; now and then a secret cell, a provisional or a limited-reliability figure, as real tables have them.</summary>
    static string Figure(double value, long row, CultureInfo german) => (row % 1009) switch
    {
        0 => ".",
        17 => $"({value.ToString("N0", german)})",
        42 => value.ToString("N0", german) + "p",
        _ => value.ToString("N0", german),
    };

    /// <summary>Bund, Länder, Regierungsbezirke, Kreise and Gemeinden, parents before children.</summary>
    static List<ReferenceAreas.Row> Areas(double scale)
    {
        var shipped = ReferenceAreas.Read();
        var rows = new List<ReferenceAreas.Row> { new("DG", "Deutschland", AreaLevel.Bund, null) };
        foreach (var land in Laender)
        {
            rows.Add(new(land.Key, land.Name, AreaLevel.Land, "DG"));
            foreach (var (digit, name) in land.Bezirke) rows.Add(new($"{land.Key}{digit}", name, AreaLevel.Regierungsbezirk, land.Key));
            var real = land.Key == Guetersloh[..2] ? shipped.Where(a => a.Key.StartsWith(Guetersloh, StringComparison.Ordinal)).ToList() : [];
            var kreise = Math.Max(1, (int)Math.Round(land.Kreise * scale)) - (real.Count > 0 ? 1 : 0);
            var kreisfrei = Math.Min(kreise, (int)Math.Round(land.Kreisfrei * scale));
            var gemeinden = Math.Max(kreise, (int)Math.Round(land.Gemeinden * scale) - (real.Count - 1 > 0 ? real.Count - 1 : 0));
            var landkreise = kreise - kreisfrei;
            var perLandkreis = landkreise == 0 ? 0 : (gemeinden - kreisfrei) / landkreise;
            var extra = landkreise == 0 ? 0 : (gemeinden - kreisfrei) % landkreise;
            for (var k = 0; k < kreise; k++)
            {
                // Kreise go round the Regierungsbezirke; the Land's own digit is 0 where it has none.
                var digit = land.Bezirke.Length == 0 ? '0' : land.Bezirke[k % land.Bezirke.Length].Digit;
                var number = k < kreisfrei ? 11 + k / Math.Max(1, land.Bezirke.Length) : 51 + (k - kreisfrei) / Math.Max(1, land.Bezirke.Length);
                var kreisKey = $"{land.Key}{digit}{number:D2}";
                if (kreisKey == Guetersloh) kreisKey = $"{land.Key}{digit}{number + 40:D2}";
                var parent = land.Bezirke.Length == 0 ? land.Key : $"{land.Key}{digit}";
                if (k < kreisfrei)
                {
                    var city = land.Kreise == 1 ? land.Name : $"Stadt {kreisKey}";
                    rows.Add(new(kreisKey, city, AreaLevel.Kreis, parent));
                    rows.Add(new($"{kreisKey}000", city, AreaLevel.Gemeinde, kreisKey));
                    continue;
                }
                rows.Add(new(kreisKey, $"Kreis {kreisKey}", AreaLevel.Kreis, parent));
                var count = perLandkreis + (k - kreisfrei < extra ? 1 : 0);
                for (var g = 1; g <= count; g++) rows.Add(new($"{kreisKey}{g:D3}", $"Gemeinde {kreisKey}{g:D3}", AreaLevel.Gemeinde, kreisKey));
            }
            foreach (var area in real) rows.Add(area.Level == AreaLevel.Kreis ? area with { ParentKey = $"{land.Key}7" } : area);
        }
        return rows;
    }
}
