using System.Globalization;
using System.Text;

namespace Monitoring.Core.Areas;

/// <summary>
/// The official directory of Germany's areas: Destatis's Gemeindeverzeichnis GV-ISys in its ASCII edition GV100AD
/// (fixed-width records of 220 characters, UTF-8; layout in Destatis's "Datensatzbeschreibung GV100AD"). Read are the
/// Länder, Regierungsbezirke (with the still-keyed former units), Kreise and Gemeinden with the gemeindefreie Gebiete,
/// with key (as GENESIS writes it), ARS, official name, the short name people use, area and population; and beside them
/// Baden-Württemberg's 12 Regionen (Satzart 30, key Land + Regierungsbezirk + Region: 0811) and the 1,203
/// Gemeindeverbände (Satzart 50, key the 9-digit ARS prefix: 010515163), which are no part of the key tree the
/// statistics sum over (<see cref="AreaLevels.IsAssociation"/>). Satzart 50's placeholders for verbandsfreie Gemeinden
/// (Textkennzeichen 50) are none.
/// </summary>
public static class AreaDirectory
{
    /// <summary>The shipped edition's Gebietsstand.</summary>
    public static readonly DateOnly ShippedEdition = new(2025, 11, 30);

    /// <summary>What every page and report names as the source of the areas (Destatis's terms: reproduction allowed with the source named).</summary>
    public const string Attribution = "Gebietsgliederung: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys (GV100AD), Gebietsstand 30.11.2025";

    /// <summary>
    /// The shipped directory (<c>Areas/GV100AD_30112025.txt</c>, byte for byte as Destatis ships it), with Germany as its
    /// root. Read once per process: it is part of the build, not data that changes.
    /// </summary>
    public static IReadOnlyList<ReferenceAreas.Row> ReadShipped() => Shipped.Value;

    static readonly Lazy<IReadOnlyList<ReferenceAreas.Row>> Shipped = new(() =>
    {
        using var stream = typeof(AreaDirectory).Assembly.GetManifestResourceStream("GV100AD.txt")!;
        return Read(stream, "GV100AD_30112025.txt").Areas;
    });

    /// <summary>A directory read: its areas (Germany first, parents before children) and its Gebietsstand.</summary>
    public sealed record Edition(IReadOnlyList<ReferenceAreas.Row> Areas, DateOnly Date);

    /// <summary>Reads a GV100AD file; a record that is not one names file, line and column.</summary>
    public static Edition Read(Stream stream, string file)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var records = new List<(int Line, string Type, string Land, string Bezirk, string Kreis, string Gemeinde, string Verband, string Name, string TypeCode, long? Hectares, long? Population)>();
        DateOnly? date = null;
        var number = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            if (line.Length == 0) continue;
            // Positions count characters, not bytes (Sorbian names): the line is decoded first, then cut.
            var text = line.PadRight(220);
            var type = text[..2];
            if (type is not ("10" or "20" or "30" or "40" or "50" or "60"))
            {
                throw new FormatException($"{file}, Zeile {number}, Spalte 1: Satzart „{type}“; erwartet wird 10, 20, 30, 40, 50 oder 60 (GV100AD-Datensatz)");
            }
            if (!DateOnly.TryParseExact(text[2..10], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var stand))
            {
                throw new FormatException($"{file}, Zeile {number}, Spalte 3: Gebietsstand „{text[2..10]}“; erwartet wird ein Datum JJJJMMTT");
            }
            date ??= stand;
            var ags = text[10..18];
            if (!ags.TrimEnd().All(char.IsAsciiDigit))
            {
                throw new FormatException($"{file}, Zeile {number}, Spalte 11: Schlüssel „{ags.TrimEnd()}“; erwartet werden Ziffern");
            }
            records.Add((number, type, ags[..2], ags[2..3], ags[3..5], ags[5..8], text[18..22], text[22..72].Trim(), text[122..124].Trim(),
                Number(text[128..139]), Number(text[139..150])));
        }
        if (date is null) throw new FormatException($"{file}, Zeile 1, Spalte 1: die Datei ist leer; erwartet wird das Gemeindeverzeichnis GV100AD");

        var bezirke = records.Where(r => r.Type == "20").Select(r => r.Land + r.Bezirk).ToHashSet(StringComparer.Ordinal);
        var kreise = records.Where(r => r.Type == "40").Select(r => r.Land + r.Bezirk + r.Kreis).ToHashSet(StringComparer.Ordinal);
        var areas = new List<ReferenceAreas.Row> { new("DG", "Deutschland", AreaLevel.Bund, null) { OfficialName = "Deutschland" } };
        foreach (var r in records.OrderBy(r => r.Type, StringComparer.Ordinal))
        {
            var bezirk = r.Land + r.Bezirk;
            var kreis = bezirk + r.Kreis;
            switch (r.Type)
            {
                case "10":
                    areas.Add(new(r.Land, r.Name, AreaLevel.Land, "DG") { OfficialName = r.Name });
                    break;
                case "20":
                    areas.Add(new(bezirk, r.Name.StartsWith("Reg.-Bez. ", StringComparison.Ordinal) ? "Regierungsbezirk " + r.Name["Reg.-Bez. ".Length..] : r.Name,
                        AreaLevel.Regierungsbezirk, r.Land) { OfficialName = r.Name });
                    break;
                case "30":
                    // A Region's digit stands where a Kreis's first digit would (position 14).
                    areas.Add(new(bezirk + r.Kreis[..1], r.Name, AreaLevel.Region, bezirke.Contains(bezirk) ? bezirk : r.Land) { OfficialName = r.Name });
                    break;
                case "40":
                    areas.Add(new(kreis, KreisName(r.Name, r.TypeCode), AreaLevel.Kreis, bezirke.Contains(bezirk) ? bezirk : r.Land) { OfficialName = r.Name });
                    break;
                case "50" when r.TypeCode != "50":
                    areas.Add(new(kreis + r.Verband, VerbandName(r.Name, r.TypeCode), AreaLevel.Gemeindeverband,
                        kreise.Contains(kreis) ? kreis : bezirke.Contains(bezirk) ? bezirk : r.Land) { OfficialName = r.Name, Ars = kreis + r.Verband });
                    break;
                case "60":
                    // Three gemeindefreie Gebiete belong to no Kreis (Kreis 00): their parent is the Land.
                    var parent = kreise.Contains(kreis) ? kreis : bezirke.Contains(bezirk) ? bezirk : r.Land;
                    areas.Add(new(kreis + r.Gemeinde, ShortName(r.Name), AreaLevel.Gemeinde, parent)
                    {
                        OfficialName = r.Name,
                        Ars = kreis + r.Verband + r.Gemeinde,
                        AreaKm2 = r.Hectares / 100.0,
                        Population = r.Population,
                    });
                    break;
            }
        }
        return new Edition(areas, date.Value);
    }

    /// <summary>"Gütersloh, Stadt" → "Gütersloh", "Harsewinkel, Die Mähdrescherstadt" → "Harsewinkel": the name without its official suffix.</summary>
    public static string ShortName(string officialName) =>
        officialName.IndexOf(", ", StringComparison.Ordinal) is var comma and > 0 ? officialName[..comma] : officialName;

    /// <summary>A Kreis as people name it: "Kreis Gütersloh", "Landkreis Harburg", a kreisfreie Stadt by its short name ("Köln").</summary>
    static string KreisName(string officialName, string typeCode) => typeCode switch
    {
        "43" => "Kreis " + officialName,
        "44" => "Landkreis " + officialName,
        "41" or "42" => ShortName(officialName),
        _ => officialName,
    };

    /// <summary>A Gemeindeverband as people name it: "Amt Marne-Nordsee", "Samtgemeinde Bardowick", "Verbandsgemeinde Adenau".</summary>
    static string VerbandName(string officialName, string typeCode)
    {
        var kind = typeCode switch
        {
            "51" => "Amt",
            "52" => "Samtgemeinde",
            "53" or "57" => "Verbandsgemeinde",
            "54" => "Verwaltungsgemeinschaft",
            "55" => "Kirchspielslandgemeinde",
            "56" => "Verwaltungsverband",
            "58" => "erfüllende Gemeinde",
            _ => null,
        };
        // Commas belong to a Verband's name ("Oelsnitz/Vogtl., Bösenbrunn, Eichigt und Triebel/V."): no suffix to cut.
        return kind is null || officialName.StartsWith(kind, StringComparison.OrdinalIgnoreCase) ? officialName : $"{kind} {officialName}";
    }

    static long? Number(string digits) => long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
