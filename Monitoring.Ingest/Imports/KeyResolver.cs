using System.Data.Common;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Imports;

/// <summary>
/// Turns the keys in a file into ids within the run's transaction: areas by official key (or by ARS), variables and
/// dimension values by code, creating the variables and dimension values a file introduces. These tables are small
/// (thousands of rows at Germany scale), so they are held in memory for the run.
/// </summary>
sealed class KeyResolver
{
    readonly DbConnection connection;
    readonly DbTransaction transaction;
    readonly SqlDialect dialect;
    readonly Dictionary<string, int> areas;
    readonly Dictionary<string, List<(int Id, string Key)>> areasByName = new(StringComparer.OrdinalIgnoreCase);
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

    public static async Task<KeyResolver> LoadAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, CancellationToken cancellationToken)
    {
        async Task<List<T>> Query<T>(string sql) =>
            (await connection.QueryAsync<T>(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken))).AsList();

        var areas = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<(string Name, int Id, string Key)>();
        foreach (var (id, key, ars, name) in await Query<(long, string, string?, string)>(SelectAreas))
        {
            areas[key] = (int)id;
            if (ars is not null) areas.TryAdd(ars, (int)id);
            names.Add((name, (int)id, key));
        }
        var resolver = new KeyResolver(connection, transaction, dialect, areas,
            (await Query<(long Id, string Code)>(SelectVariables)).ToDictionary(v => v.Code, v => (int)v.Id, StringComparer.Ordinal),
            (await Query<string>(SelectDimensions)).ToHashSet(StringComparer.Ordinal),
            (await Query<(string, string)>(SelectDimensionValues)).ToHashSet(),
            (await Query<(long Id, string Key)>(SelectDimensionSets)).ToDictionary(s => s.Key, s => (int)s.Id, StringComparer.Ordinal));
        foreach (var (name, id, key) in names)
        {
            if (!resolver.areasByName.TryGetValue(name.Trim(), out var list)) resolver.areasByName[name.Trim()] = list = [];
            list.Add((id, key));
        }
        return resolver;
    }

    const string SelectAreas = "SELECT id, area_key, ars, name FROM areas WHERE valid_to IS NULL";
    const string SelectVariables = "SELECT id, code FROM variables";
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

    /// <summary>The area with this name (case-insensitive); an error text when several areas have it; null id when none does.</summary>
    public (int? Id, string? Error) AreaByName(string name)
    {
        if (!areasByName.TryGetValue(name.Trim(), out var matches)) return (null, null);
        if (matches.Count == 1) return (matches[0].Id, null);
        return (null, $"the area name '{name}' is ambiguous ({string.Join(", ", matches.Select(m => m.Key))}): use the official key instead");
    }

    public async ValueTask<int> VariableAsync(SourceObservation observation, CancellationToken cancellationToken)
    {
        if (variables.TryGetValue(observation.VariableCode, out var id)) return id;
        id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertVariable(dialect), new
        {
            Code = observation.VariableCode,
            Label = observation.VariableLabel,
            observation.Unit,
            Source = observation.Statistic is null ? null : char.IsAsciiDigit(observation.Statistic[0]) ? $"GENESIS, Statistik {observation.Statistic}" : observation.Statistic,
        }, transaction, cancellationToken: cancellationToken));
        variables[observation.VariableCode] = id;
        return id;
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
