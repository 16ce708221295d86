using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Monitoring.Core.Storage;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace Monitoring.Core.Areas;

/// <summary>
/// Boundaries of the district's own areas (Sozialräume, Stadtteile) from a GeoJSON file, as GIS departments export them
/// (QGIS, ArcGIS: a FeatureCollection of Polygons or MultiPolygons in WGS 84): read and checked whole before anything
/// is stored (a geometry per feature, inside Germany in longitude and latitude, valid, its key a property of the
/// feature naming an area), kept as GeoJSON, drawn as a small SVG overview. Reading is NetTopologySuite's.
/// </summary>
public static class AreaBoundaries
{
    /// <summary>A boundary file larger than this is no file of a Gemeinde's Sozialräume.</summary>
    public const long MaxBytes = 32L * 1024 * 1024;

    /// <summary>Germany in longitude and latitude, with a margin: coordinates outside are in another system (UTM) or swapped.</summary>
    static readonly Envelope Germany = new(5.0, 16.0, 47.0, 55.5);

    static readonly JsonSerializerOptions Json = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>The features of a file by the key in <paramref name="keyProperty"/>, or every problem in German, each naming the file and the feature.</summary>
    public static (IReadOnlyList<(string Key, Geometry Geometry)> Features, IReadOnlyList<string> Problems) Read(Stream stream, string fileName, string keyProperty)
    {
        FeatureCollection? collection;
        try
        {
            collection = JsonSerializer.Deserialize<FeatureCollection>(stream, Json);
        }
        catch (JsonException ex)
        {
            var at = ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $", Zeile {line + 1}, Spalte {(ex.BytePositionInLine ?? 0) + 1}") : "";
            return ([], [$"{fileName}{at}: kein gültiges GeoJSON; erwartet wird eine FeatureCollection mit Polygonen in WGS 84 (Längen- und Breitengrad)."]);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return ([], [$"{fileName}: kein lesbares GeoJSON ({ex.GetType().Name}); erwartet wird eine FeatureCollection mit Polygonen in WGS 84."]);
        }
        if (collection is null || collection.Count == 0) return ([], [$"{fileName}: die Datei enthält keine Objekte (Features); erwartet wird eine FeatureCollection."]);

        var problems = new List<string>();
        var features = new List<(string Key, Geometry Geometry)>();
        for (var i = 0; i < collection.Count; i++)
        {
            var feature = collection[i];
            var keyValue = feature.Attributes is { } attributes && attributes.Exists(keyProperty) ? Convert.ToString(attributes[keyProperty], CultureInfo.InvariantCulture)?.Trim() : null;
            var at = $"{fileName}, Objekt {i + 1}" + (keyValue is { Length: > 0 } ? $" („{keyValue}“)" : "");
            if (keyValue is not { Length: > 0 })
            {
                var names = feature.Attributes?.GetNames() is { Length: > 0 } found ? string.Join(", ", found) : "keine";
                problems.Add($"{at}: die Eigenschaft „{keyProperty}“ fehlt oder ist leer (vorhanden: {names}).");
                continue;
            }
            if (feature.Geometry is not (Polygon or MultiPolygon) || feature.Geometry.IsEmpty)
            {
                problems.Add($"{at}: erwartet wird eine Fläche (Polygon oder MultiPolygon), gefunden: {(feature.Geometry is null ? "keine Geometrie" : feature.Geometry.GeometryType)}.");
                continue;
            }
            if (!Germany.Contains(feature.Geometry.EnvelopeInternal))
            {
                var corner = feature.Geometry.Coordinates[0];
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{at}: die Koordinaten ({corner.X:0.####}, {corner.Y:0.####}) liegen nicht in Deutschland als Längen- und Breitengrad; erwartet wird WGS 84 (EPSG:4326). Liegt die Datei in UTM (ETRS89 / UTM 32N, EPSG:25832), bitte als WGS 84 exportieren."));
                continue;
            }
            if (new IsValidOp(feature.Geometry).ValidationError is { } invalid)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{at}: die Fläche ist ungültig (etwa eine Kante, die sich selbst schneidet) bei {invalid.Coordinate?.X:0.#####}, {invalid.Coordinate?.Y:0.#####}; bitte im GIS reparieren (z. B. „Geometrien reparieren“ in QGIS)."));
                continue;
            }
            features.Add((keyValue, feature.Geometry));
        }
        foreach (var twice in features.GroupBy(f => f.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{fileName}: der Schlüssel „{twice.Key}“ steht bei {twice.Count()} Objekten; jedes Gebiet hat eine Grenze.");
        }
        return (features, problems);
    }

    /// <summary>A geometry as stored (GeoJSON).</summary>
    public static string ToGeoJson(Geometry geometry) => JsonSerializer.Serialize(geometry, Json);

    public static Geometry FromGeoJson(string geoJson) => JsonSerializer.Deserialize<Geometry>(geoJson, Json)!;

    /// <summary>The stored boundaries of the areas in force directly below <paramref name="parentKey"/>: key → geometry.</summary>
    public static async Task<IReadOnlyDictionary<string, Geometry>> BelowAsync(Database database, string parentKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Key, string Geometry)>(new CommandDefinition(SelectBelow, new { ParentKey = parentKey }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Key, r => FromGeoJson(r.Geometry), StringComparer.Ordinal);
    }

    const string SelectBelow =
        """
        SELECT a.area_key, b.geometry FROM area_boundaries b
        JOIN areas a ON a.id = b.area_id
        JOIN areas p ON p.id = a.parent_id
        WHERE p.area_key = @ParentKey AND a.valid_to IS NULL
        """;

    /// <summary>One area to draw: its name, boundary, fill colour and the text written on it (the name where null).</summary>
    public sealed record Shape(string Name, Geometry Geometry, string Fill = "#dbe9f3", string? Label = null);

    /// <summary>An overview of boundaries as SVG, each area in the default fill and labelled with its name.</summary>
    public static string Svg(IReadOnlyList<(string Name, Geometry Geometry)> areas, string title, int width = 480) =>
        Svg(areas.Select(a => new Shape(a.Name, a.Geometry)).ToList(), title, width);

    /// <summary>
    /// Boundaries as SVG, north up, longitudes shortened by the cosine of the latitude so the shapes keep their
    /// proportions; each area filled and labelled at its interior point, its name and label as its tooltip; a title for
    /// screen readers.
    /// </summary>
    public static string Svg(IReadOnlyList<Shape> areas, string title, int width = 480)
    {
        var envelope = new Envelope();
        foreach (var area in areas) envelope.ExpandToInclude(area.Geometry.EnvelopeInternal);
        var cos = Math.Cos(envelope.Centre.Y * Math.PI / 180);
        var scale = width / Math.Max(envelope.Width * cos, 1e-9);
        var height = (int)Math.Ceiling(envelope.Height * scale);
        string X(double lon) => ((lon - envelope.MinX) * cos * scale).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double lat) => ((envelope.MaxY - lat) * scale).ToString("0.#", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 {width + 4} {height + 4}" width="{width + 4}" height="{height + 4}" role="img" aria-labelledby="grenzen-titel">""");
        svg.Append("<title id=\"grenzen-titel\">").Append(Encode(title)).Append("</title>");
        foreach (var area in areas)
        {
            var path = new StringBuilder();
            for (var p = 0; p < area.Geometry.NumGeometries; p++)
            {
                var polygon = (Polygon)area.Geometry.GetGeometryN(p);
                foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
                {
                    path.Append('M');
                    path.AppendJoin(" L", ring.Coordinates.Select(c => $"{X(c.X)},{Y(c.Y)}"));
                    path.Append('Z');
                }
            }
            var tooltip = area.Label is null ? area.Name : $"{area.Name}: {area.Label}";
            svg.Append("<path d=\"").Append(path).Append("\" fill=\"").Append(Encode(area.Fill)).Append("\" stroke=\"#005a8c\" stroke-width=\"1.5\" fill-rule=\"evenodd\"><title>")
                .Append(Encode(tooltip)).Append("</title></path>");
        }
        foreach (var area in areas)
        {
            var point = area.Geometry.InteriorPoint.Coordinate;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(point.X)}" y="{Y(point.Y)}" text-anchor="middle" font-family="sans-serif" font-size="13" fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke">""")
                .Append(Encode(area.Label is null ? area.Name : $"{area.Name} {area.Label}")).Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    // The SVG is UTF-8: only the markup characters are escaped, umlauts stay as they are.
    static string Encode(string text) => System.Security.SecurityElement.Escape(text);
}
