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

    /// <summary>The catalog as stored (analysts' edits included), with the shipped variable declarations.</summary>
    public static async Task<IndicatorCatalog> LoadAsync(Database database, CancellationToken cancellationToken = default)
    {
        // Every page asks for the catalog; it is read and parsed again only when the data version moved.
        await using var connection = await database.OpenAsync(cancellationToken);
        return await database.Cache.GetAsync("catalog", connection, async ct =>
        {
            var definitions = await connection.QueryAsync<string>(new CommandDefinition(SelectDefinitions, cancellationToken: ct));
            return IndicatorCatalog.Shipped() with { Indicators = definitions.Select(d => JsonSerializer.Deserialize<Indicator>(d, Json)!).ToList() };
        }, cancellationToken);
    }

    const string SelectEdited = "SELECT code FROM indicators WHERE edited = 1";

    const string SelectCodes = "SELECT code FROM indicators";

    const string InsertIndicator = "INSERT INTO indicators (code, field, name_de, definition, edited, updated_at) VALUES (@Code, @Field, @NameDe, @Definition, 0, @Now)";

    const string UpdateIndicator = "UPDATE indicators SET field = @Field, name_de = @NameDe, definition = @Definition, updated_at = @Now WHERE code = @Code AND definition <> @Definition";

    const string SelectDefinitions = "SELECT definition FROM indicators ORDER BY code";
}
