using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>
/// What an indicator rests on, for the editor and the catalog page: which variables have data, which indicators have
/// values, the variables an indicator needs that have none yet (with the tables that would deliver them), and the
/// variables with their dimensions and values by label, for the editor's picker. Read again only when the data version moved.
/// </summary>
public static class IndicatorInputs
{
    /// <summary>A variable the indicator needs that has no data, and the published tables that deliver it (none for the district's own data).</summary>
    public sealed record Missing(string Code, string Label, IReadOnlyList<PublishedTable> Tables);

    /// <summary>A variable to pick: its code, label, unit, source, whether it has data, its dimensions with their values by label.</summary>
    public sealed record Pick(string Code, string Label, string? Unit, string? Source, bool HasData, IReadOnlyList<PickDimension> Dimensions);

    public sealed record PickDimension(string Code, string Label, IReadOnlyList<(string Code, string Label)> Values);

    /// <summary>The codes of the variables that have stored values.</summary>
    public static async Task<IReadOnlySet<string>> VariablesWithDataAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await database.Cache.GetAsync<IReadOnlySet<string>>("variables.with-data", connection, async ct =>
            (await connection.QueryAsync<string>(new CommandDefinition(SelectVariablesWithData, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>The codes of the indicators that have computed values.</summary>
    public static async Task<IReadOnlySet<string>> IndicatorsWithValuesAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await database.Cache.GetAsync<IReadOnlySet<string>>("indicators.with-values", connection, async ct =>
            (await connection.QueryAsync<string>(new CommandDefinition(SelectIndicatorsWithValues, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>The variables <paramref name="indicator"/> refers to (through <c>ind()</c> too) that have no data.</summary>
    public static IReadOnlyList<Missing> MissingInputs(Indicator indicator, IndicatorCatalog catalog, IReadOnlySet<string> withData)
    {
        var variables = catalog.Variables.ToDictionary(v => v.Code, StringComparer.Ordinal);
        var indicators = catalog.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Collect(Indicator current)
        {
            if (!seen.Add(current.Code)) return;
            foreach (var formula in current.Formulas())
            {
                foreach (var reference in formula.Variables) codes.Add(reference.Code);
                foreach (var other in formula.Indicators) if (indicators.TryGetValue(other, out var used)) Collect(used);
            }
        }
        Collect(indicator);
        return codes.Where(c => !withData.Contains(c))
            .Select(c => variables.TryGetValue(c, out var v) ? new Missing(c, v.Label, v.Tables ?? []) : new Missing(c, c, []))
            .ToList();
    }

    /// <summary>Every variable of the catalog (shipped and stored), with its dimensions and values by label, ordered by label.</summary>
    public static async Task<IReadOnlyList<Pick>> PickerAsync(Database database, CancellationToken cancellationToken = default)
    {
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        var withData = await VariablesWithDataAsync(database, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var (dimensions, values) = await database.Cache.GetAsync("dimensions.labels", connection, async ct =>
        {
            var dims = (await connection.QueryAsync<(string Code, string Label)>(new CommandDefinition(SelectDimensions, cancellationToken: ct))).ToDictionary(d => d.Code, d => d.Label, StringComparer.Ordinal);
            var vals = (await connection.QueryAsync<(string Dimension, string Code, string Label)>(new CommandDefinition(SelectDimensionValues, cancellationToken: ct)))
                .ToDictionary(v => (v.Dimension, v.Code), v => v.Label);
            return ((IReadOnlyDictionary<string, string>)dims, (IReadOnlyDictionary<(string, string), string>)vals);
        }, cancellationToken);
        return catalog.Variables
            .Select(v => new Pick(v.Code, v.Label, v.Unit, v.Source, withData.Contains(v.Code),
                v.Dimensions.Select(d => new PickDimension(d.Key, dimensions.GetValueOrDefault(d.Key) ?? d.Key,
                    d.Value.Select(code => (code, values.GetValueOrDefault((d.Key, code)) ?? code)).ToList())).ToList()))
            .OrderByDescending(p => p.HasData).ThenBy(p => p.Label, StringComparer.Create(German.Culture, true))
            .ToList();
    }

    const string SelectVariablesWithData = "SELECT v.code FROM variables v WHERE EXISTS (SELECT 1 FROM variable_years y WHERE y.variable_id = v.id)";

    const string SelectIndicatorsWithValues = "SELECT DISTINCT indicator_code FROM indicator_values";

    const string SelectDimensions = "SELECT code, label FROM dimensions";

    const string SelectDimensionValues = "SELECT dimension, code, label FROM dimension_values";
}
