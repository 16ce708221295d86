using System.Data.Common;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Ingestion.Imports;

/// <summary>
/// Turns the keys in a file into ids within the run's transaction: areas by official key (or by ARS), variables and
/// dimension values by code, creating the variables and dimension values a file introduces. These tables are small
/// (thousands of rows at Germany scale), so they are held in memory for the run.
/// </summary>
sealed partial class KeyResolver
{
    readonly DbConnection connection;
    readonly DbTransaction transaction;
    readonly SqlDialect dialect;
    readonly Dictionary<string, int> areas;
    readonly Dictionary<string, int> variables;
    readonly HashSet<string> dimensions;
    readonly HashSet<(string, string)> dimensionValues;
    readonly Dictionary<string, int> dimensionSets;

    // Dimension combinations keyed in the file's column order, looked up without allocating a string per row.
    readonly Dictionary<string, int> setsInFileOrder = new(StringComparer.Ordinal);
    char[] keyBuffer = new char[256];

    KeyResolver(DbConnection connection, DbTransaction transaction, SqlDialect dialect, Dictionary<string, int> areas, Dictionary<string, int> variables,
        HashSet<string> dimensions, HashSet<(string, string)> dimensionValues, Dictionary<string, int> dimensionSets)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.dialect = dialect;
        this.areas = areas;
        this.variables = variables;
        this.dimensions = dimensions;
        this.dimensionValues = dimensionValues;
        this.dimensionSets = dimensionSets;
    }

    /// <param name="connection">The run's connection.</param>
    /// <param name="transaction">The run's transaction.</param>
    /// <param name="dialect">The provider's SQL dialect.</param>
    /// <param name="tableVariables">Known table CSVs and the catalog variable each feeds (<see cref="Core.Indicators.IndicatorCatalog.TableVariables"/>).</param>
    /// <param name="byName">An analyst's mapping whose area column holds names, to match against the directory; null otherwise.</param>
    /// <param name="homeKey">The installation's home area, preferred among namesakes.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public static async Task<KeyResolver> LoadAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IReadOnlyDictionary<string, string> tableVariables,
        Tabular.TabularMapping? byName, string? homeKey, CancellationToken cancellationToken)
    {
        async Task<List<T>> Query<T>(string sql) =>
            (await connection.QueryAsync<T>(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

        var areas = new Dictionary<string, int>(StringComparer.Ordinal);
        // Areas in force first: a key that also has a former version resolves to the one in force. A former area's key
        // (a Gemeinde merged in 2016) resolves to the former area, never to its successor.
        var unnamed = new Dictionary<int, (string Key, string Name)>();
        var labels = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var formerLabels = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, key, ars, name, ended, official) in await Query<(long, string, string?, string, long, string?)>(SelectAreas))
        {
            if (!areas.TryAdd(key, (int)id)) continue;
            if (ars is not null) areas.TryAdd(ars, (int)id);
            if (ended == 0)
            {
                // A table without keys names its areas as the offices write them: the official name ("Gütersloh, Stadt"),
                // or the name people use ("Kreis Gütersloh", "Regierungsbezirk Detmold", "Nordrhein-Westfalen").
                foreach (var label in new[] { name, official }.OfType<string>().Select(NormalLabel).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!labels.TryGetValue(label, out var keysOfLabel)) labels[label] = keysOfLabel = [];
                    keysOfLabel.Add(key);
                }
            }
            else
            {
                if (official is null) unnamed[(int)id] = (key, name);
                // A former Gemeinde's name: a table may still name a kreisfreie Stadt before its reform ("Aachen, krfr. Stadt", 05313).
                foreach (var label in new[] { name, official }.OfType<string>().Select(NormalLabel).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!formerLabels.TryGetValue(label, out var keysOfLabel)) formerLabels[label] = keysOfLabel = [];
                    keysOfLabel.Add(key);
                }
            }
        }
        var variables = await Query<(long Id, string Code, string? Unit)>(SelectVariables);
        var resolver = new KeyResolver(connection, transaction, dialect, areas,
            variables.ToDictionary(v => v.Code, v => (int)v.Id, StringComparer.Ordinal),
            (await Query<string>(SelectDimensions)).ToHashSet(StringComparer.Ordinal),
            (await Query<(string, string)>(SelectDimensionValues)).ToHashSet(),
            (await Query<(long Id, string Key)>(SelectDimensionSets)).ToDictionary(s => s.Key, s => (int)s.Id, StringComparer.Ordinal));
        resolver.unnamed = unnamed;
        resolver.tableVariables = tableVariables;
        resolver.labels = labels;
        resolver.formerLabels = formerLabels;
        resolver.variableUnits = variables.ToDictionary(v => v.Code, v => v.Unit, StringComparer.Ordinal);
        if (byName is not null) resolver.tabularAreas = new Tabular.TabularAreas(await Core.Areas.AreaQueries.AreaNamesAsync(connection, transaction, homeKey, cancellationToken), byName);
        return resolver;
    }

    const string SelectAreas =
        """
        SELECT id, area_key, ars, name, CASE WHEN valid_to IS NULL THEN 0 ELSE 1 END, official_name
        FROM areas ORDER BY CASE WHEN valid_to IS NULL THEN 0 ELSE 1 END, valid_to DESC
        """;

    Dictionary<int, (string Key, string Name)> unnamed = [];

    /// <summary>Former Kreise and Regierungsbezirke named by a file in this run (no shipped list has their names): id → key, placeholder, label.</summary>
    public Dictionary<int, (string Key, string Placeholder, string Label)> NamesFromFile { get; } = [];

    /// <summary>Keeps the file's label of a former area that has only its placeholder name.</summary>
    public void Named(int areaId, string label)
    {
        if (label.Length > 0 && unnamed.TryGetValue(areaId, out var area)) NamesFromFile.TryAdd(areaId, (area.Key, area.Name, label));
    }
    const string SelectVariables = "SELECT id, code, unit FROM variables";

    Dictionary<string, string?> variableUnits = [];

    IReadOnlyDictionary<string, string> tableVariables = new Dictionary<string, string>();
    const string SelectDimensions = "SELECT code FROM dimensions";
    const string SelectDimensionValues = "SELECT dimension, code FROM dimension_values";
    const string SelectDimensionSets = "SELECT id, set_key FROM dimension_sets";

    /// <summary>The area for an official key; a 12-digit ARS (Zensus tables) falls back to its AGS (Kreis part and Gemeinde number).</summary>
    public int? Area(string code)
    {
        if (areas.TryGetValue(code, out var id)) return id;
        if (code.Length == 12 && areas.TryGetValue(string.Concat(code.AsSpan(0, 5), code.AsSpan(9, 3)), out id)) return id;
        return null;
    }

    Tabular.TabularAreas? tabularAreas;

    /// <summary>
    /// The area an analyst's file names (<see cref="Tabular.TabularAreas"/>: as confirmed for the source, else through the
    /// directory); a German error naming the candidates when several areas have the name; null id when none does.
    /// </summary>
    public (int? Id, string? Error) AreaByName(string name)
    {
        var resolution = (tabularAreas ?? throw new InvalidOperationException("The resolver was loaded without a mapping by name.")).Resolve(name);
        if (resolution.Key is not null) return (Area(resolution.Key), null);
        if (resolution.Problem is { Kind: Core.Areas.AreaNames.MatchKind.Ambiguous } problem)
        {
            return (null, $"der Gebietsname „{name.Trim()}“ passt auf mehrere Gebiete ({string.Join(" oder ", problem.Candidates.Select(c => c.Label))}): "
                + "das gemeinte in der Spaltenzuordnung der Quelle bestätigen oder die Datei mit amtlichen Schlüsseln liefern");
        }
        return (null, null);
    }

    /// <summary>
    /// The variable of an observation: its code, unless the code is known with another unit. GENESIS gives one code to
    /// different contents that differ only in their unit (Zensus 2022 4000W: WHG006 in "Anzahl" and in "%";
    /// 61111: PREIS1 as "2020=100" and as "%"): those become a variable of their own, <c>CODE_UNIT</c>, never duplicates of
    /// each other. Counts are one unit whatever a file calls them ("Anzahl", "Personen").
    /// </summary>
    Dictionary<string, List<string>> labels = [];

    Dictionary<string, List<string>> formerLabels = [];

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*\((ab|bis|seit) \d{2}\.\d{2}\.\d{4}\)|\s*\(einschl\.[^)]*\)")]
    private static partial System.Text.RegularExpressions.Regex LabelRemark();

    /// <summary>
    /// The key of the area a table row names without a key ("    Gütersloh, Kreis", "Düsseldorf, krfr. Stadt",
    /// "Gütersloh, Stadt"): by its official name or the name people use, and where several areas have it, the one inside
    /// <paramref name="context"/> (the Kreis or Land the rows above named). Null when none or still several match.
    /// </summary>
    public string? KeyOfLabel(string label, string? context)
    {
        // Below an area the directory did not know (a former Kreis named by a file), only a former area fits.
        if (context == "") return FormerKeyOfLabel(label);
        // Remarks the Landesdatenbank adds are no part of the name: "Aachen, krfr. Stadt (ab 21.10.2009)",
        // "Städteregion Aachen (einschl. Stadt Aachen)"; "Halle (Westf.)" keeps its parentheses.
        var text = NormalLabel(LabelRemark().Replace(label, ""));
        var kreisfrei = text.EndsWith(", krfr. Stadt", StringComparison.Ordinal) || text.EndsWith(", kreisfreie Stadt", StringComparison.Ordinal);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in new[] { text, Core.Areas.AreaHistory.NameFromLabel(text) })
        {
            if (labels.TryGetValue(form, out var keysOfForm)) candidates.UnionWith(keysOfForm);
        }
        // "Harsewinkel, Stadt" where the directory writes "Harsewinkel, Die Mähdrescherstadt": the name without its suffix.
        // Not for a Kreis or Regierungsbezirk ("Aachen, Kreis"): its name without the suffix is its Stadt's.
        var isKreis = Core.Areas.AreaHistory.NameFromLabel(text) != text && !kreisfrei;
        if (candidates.Count == 0 && !isKreis && labels.TryGetValue(Core.Areas.AreaDirectory.ShortName(text), out var byShortName)) candidates.UnionWith(byShortName);
        // A kreisfreie Stadt is the Kreis (05111), not its one Gemeinde (05111000); one that is none any more (Aachen,
        // part of the StädteRegion since 2009) is the former Kreis its former Gemeinde gives the name of, unless the
        // label says it is the current one ("(ab 21.10.2009)").
        if (kreisfrei && !candidates.Any(k => k.Length == 5) && !LabelRemark().IsMatch(label)
            && formerLabels.TryGetValue(Core.Areas.AreaDirectory.ShortName(text), out var formerCities)
            && formerCities.Where(k => k.Length == 8 && k.EndsWith("000", StringComparison.Ordinal) && areas.ContainsKey(k[..5])).Select(k => k[..5]).Distinct().ToList() is [var formerKreis])
        {
            return formerKreis;
        }
        if (kreisfrei && candidates.Any(k => k.Length == 5)) candidates.RemoveWhere(k => k.Length != 5);
        if (candidates.Count <= 1) return candidates.FirstOrDefault();
        var inside = candidates.Where(k => context is not null && k.StartsWith(context, StringComparison.Ordinal) && k != context).ToList();
        return inside.Count == 1 ? inside[0] : null;
    }

    /// <summary>
    /// A name as the directory and the offices' tables both write it: spaces collapsed, none around "/"
    /// ("Fröndenberg / Ruhr" = "Fröndenberg/Ruhr"), the usual abbreviations of regional additions ("Langenfeld (Rhld.)" =
    /// "Langenfeld (Rheinland)", "(Westf.)", "(Oldb.)").
    /// </summary>
    static string NormalLabel(string label)
    {
        var text = string.Join(' ', label.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Replace(" / ", "/", StringComparison.Ordinal);
        foreach (var (full, shortForm) in RegionalAdditions) text = text.Replace(full, shortForm, StringComparison.OrdinalIgnoreCase);
        return text;
    }

    static readonly (string Full, string Short)[] RegionalAdditions = [("(Rheinland)", "(Rhld.)"), ("(Westfalen)", "(Westf.)"), ("(Oldenburg)", "(Oldb.)")];

    string? FormerKeyOfLabel(string label)
    {
        var text = NormalLabel(LabelRemark().Replace(label, ""));
        return formerLabels.TryGetValue(text, out var keys) && keys.Distinct().Count() == 1 ? keys[0] : null;
    }

    public async ValueTask<int> VariableAsync(SourceObservation observation, CancellationToken cancellationToken)
    {
        // Code and unit strings are pooled by the readers: one lookup per row.
        var key = (observation.VariableCode, observation.Unit);
        if (resolvedVariables.TryGetValue(key, out var id)) return id;
        // A known table CSV (its variable named by its table code) feeds the catalog's variable.
        var code = tableVariables.TryGetValue(observation.VariableCode, out var mapped) ? mapped : observation.VariableCode;
        var label = observation.VariableLabel;
        if (variables.TryGetValue(code, out id) && !SameUnit(variableUnits.GetValueOrDefault(code), observation.Unit))
        {
            code = $"{code}_{UnitSlug(observation.Unit!)}";
            label = $"{label} ({observation.Unit})";
            id = variables.GetValueOrDefault(code);
        }
        var created = id == 0;
        if (created)
        {
            id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertVariable(dialect), new
            {
                Code = code,
                Label = label,
                observation.Unit,
                Source = observation.Statistic is null ? null : char.IsAsciiDigit(observation.Statistic[0]) ? $"GENESIS, Statistik {observation.Statistic}" : observation.Statistic,
            }, transaction, cancellationToken: cancellationToken));
            variables[code] = id;
            variableUnits[code] = observation.Unit;
        }
        resolvedVariables[key] = id;
        RunVariables.TryAdd(id, (code, observation.VariableLabel, observation.Unit, created));
        return id;
    }

    /// <summary>The variables this run's rows fell on: code, the file's label and unit, and whether the run created it.</summary>
    public Dictionary<int, (string Code, string Label, string? Unit, bool Created)> RunVariables { get; } = [];

    readonly Dictionary<(string Code, string? Unit), int> resolvedVariables = [];

    static bool SameUnit(string? stored, string? unit) =>
        stored is null || unit is null || string.Equals(NormalUnit(stored), NormalUnit(unit), StringComparison.OrdinalIgnoreCase);

    static string NormalUnit(string unit) => unit.Trim() switch
    {
        var u when u.Equals("Anzahl", StringComparison.OrdinalIgnoreCase) || u.Equals("Personen", StringComparison.OrdinalIgnoreCase)
            || u.Equals("number", StringComparison.OrdinalIgnoreCase) || u.Equals("persons", StringComparison.OrdinalIgnoreCase) => "Anzahl",
        var u => u,
    };

    /// <summary>"%" → PROZENT, "2020=100" → 2020_100: the unit as part of a variable code.</summary>
    static string UnitSlug(string unit)
    {
        var slug = new string(unit.Replace("%", "PROZENT", StringComparison.Ordinal).ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()).Trim('_');
        return slug.Length == 0 ? "EINHEIT" : slug.Length <= 30 ? slug : slug[..30];
    }

    static string InsertVariable(SqlDialect dialect) => dialect.InsertReturningId("variables", "code, label, unit, source", "@Code, @Label, @Unit, @Source");

    public async ValueTask<int> DimensionSetAsync(IReadOnlyList<DimensionValue> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0) return 1;
        var length = 0;
        foreach (var value in values)
        {
            var needed = length + value.Dimension.Length + value.Code.Length + 2;
            if (needed > keyBuffer.Length) Array.Resize(ref keyBuffer, needed * 2);
            value.Dimension.CopyTo(keyBuffer.AsSpan(length));
            length += value.Dimension.Length;
            keyBuffer[length++] = '=';
            value.Code.CopyTo(keyBuffer.AsSpan(length));
            length += value.Code.Length;
            keyBuffer[length++] = ';';
        }
        if (setsInFileOrder.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(keyBuffer.AsSpan(0, length), out var known)) return known;

        var id = await CanonicalSetAsync(values, cancellationToken);
        setsInFileOrder[new string(keyBuffer, 0, length)] = id;
        return id;
    }

    async Task<int> CanonicalSetAsync(IReadOnlyList<DimensionValue> values, CancellationToken cancellationToken)
    {
        var key = string.Join(';', values.Select(v => $"{v.Dimension}={v.Code}").Order(StringComparer.Ordinal));
        if (dimensionSets.TryGetValue(key, out var id)) return id;

        foreach (var value in values)
        {
            if (dimensions.Add(value.Dimension))
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertDimension, new { Code = value.Dimension, Label = value.DimensionLabel }, transaction, cancellationToken: cancellationToken));
            }
            if (dimensionValues.Add((value.Dimension, value.Code)))
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertDimensionValue, new { value.Dimension, value.Code, value.Label }, transaction, cancellationToken: cancellationToken));
            }
        }
        id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSet(dialect), new { Key = key }, transaction, cancellationToken: cancellationToken));
        foreach (var value in values)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSetMember, new { SetId = id, value.Dimension, value.Code }, transaction, cancellationToken: cancellationToken));
        }
        dimensionSets[key] = id;
        return id;
    }

    const string InsertDimension = "INSERT INTO dimensions (code, label) VALUES (@Code, @Label)";
    const string InsertDimensionValue = "INSERT INTO dimension_values (dimension, code, label) VALUES (@Dimension, @Code, @Label)";
    const string InsertSetMember = "INSERT INTO dimension_set_members (set_id, dimension, value_code) VALUES (@SetId, @Dimension, @Code)";

    static string InsertSet(SqlDialect dialect) => dialect.InsertReturningId("dimension_sets", "set_key", "@Key");
}
