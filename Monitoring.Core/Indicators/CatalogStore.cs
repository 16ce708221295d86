using System.Text.Json;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>The catalog as the database keeps it: seeded from the shipped one, edited by Analysts, read once per data version.</summary>
public static class CatalogStore
{
    static JsonSerializerOptions Json => StoredJson.Options;

    /// <summary>Brings the stored catalog in line with the shipped one; indicators an analyst edited are left as they are.</summary>
    public static Task<int> SeedAsync(Database database, IndicatorCatalog catalog, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var edited = (await connection.QueryAsync<string>(new CommandDefinition(SelectEdited, transaction: transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
            var existing = (await connection.QueryAsync<string>(new CommandDefinition(SelectCodes, transaction: transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
            var changed = 0;
            foreach (var indicator in catalog.Indicators.Where(i => !edited.Contains(i.Code)))
            {
                var row = new { indicator.Code, indicator.Field, NameDe = indicator.NameDe, Definition = Serialize(indicator), Now = DateTime.UtcNow };
                changed += await connection.ExecuteAsync(new CommandDefinition(existing.Contains(indicator.Code) ? UpdateIndicator : InsertIndicator, row, transaction, cancellationToken: cancellationToken));
            }
            return changed;
        }, cancellationToken);

    /// <summary>The indicator as the database keeps it.</summary>
    public static string Serialize(Indicator indicator) => JsonSerializer.Serialize(indicator, Json);

    /// <summary>
    /// The catalog as stored (analysts' edits included), with the shipped variable declarations and every variable an
    /// import stored besides them (an analyst's own file, a table the catalog does not name), with the dimension values
    /// stored for it: an indicator can be built on any stored variable as soon as it is stored.
    /// </summary>
    public static async Task<IndicatorCatalog> LoadAsync(Database database, CancellationToken cancellationToken = default)
    {
        // Every page asks for the catalog; it is read and parsed again only when the data version moved.
        await using var connection = await database.OpenAsync(cancellationToken);
        return await database.Cache.GetAsync("catalog", connection, async ct =>
        {
            var definitions = await connection.QueryAsync<string>(new CommandDefinition(SelectDefinitions, cancellationToken: ct));
            var shipped = IndicatorCatalog.Shipped();
            var declared = shipped.Variables.Select(v => v.Code).ToHashSet(StringComparer.Ordinal);
            var stored = (await connection.QueryAsync<(string Code, string Label, string? Unit, string? Source)>(new CommandDefinition(SelectStoredVariables, cancellationToken: ct)))
                .Where(v => !declared.Contains(v.Code)).ToList();
            var members = (await connection.QueryAsync<(string Code, string Dimension, string Value)>(new CommandDefinition(SelectStoredDimensions, cancellationToken: ct)))
                .GroupBy(m => m.Code, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, IReadOnlyList<string>>)g.GroupBy(m => m.Dimension, StringComparer.Ordinal)
                    .ToDictionary(d => d.Key, d => (IReadOnlyList<string>)d.Select(m => m.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal), StringComparer.Ordinal);
            var none = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            return shipped with
            {
                Variables = shipped.Variables.Concat(stored.Select(v => new CatalogVariable(v.Code, v.Label, v.Unit, v.Source, members.GetValueOrDefault(v.Code) ?? none))).ToList(),
                Indicators = definitions.Select(d => JsonSerializer.Deserialize<Indicator>(d, Json)!).ToList(),
            };
        }, cancellationToken);
    }

    const string SelectStoredVariables = "SELECT code, label, unit, source FROM variables ORDER BY code";

    const string SelectStoredDimensions =
        """
        SELECT DISTINCT v.code, m.dimension, m.value_code
        FROM variable_dimension_sets s
        JOIN variables v ON v.id = s.variable_id
        JOIN dimension_set_members m ON m.set_id = s.dimension_set_id
        """;

    const string SelectEdited = "SELECT code FROM indicators WHERE edited = 1";

    const string SelectCodes = "SELECT code FROM indicators";

    const string InsertIndicator = "INSERT INTO indicators (code, field, name_de, definition, edited, updated_at) VALUES (@Code, @Field, @NameDe, @Definition, 0, @Now)";

    const string UpdateIndicator = "UPDATE indicators SET field = @Field, name_de = @NameDe, definition = @Definition, updated_at = @Now WHERE code = @Code AND definition <> @Definition";

    const string SelectDefinitions = "SELECT definition FROM indicators ORDER BY code";
}
