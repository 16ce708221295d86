using Dapper;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Areas;

/// <summary>A Sozialraum or Stadtteil as an Analyst enters it, under a municipality in force (or under an area within one).</summary>
public sealed record SubMunicipalDraft(string? Key, string? Name, AreaLevel Level, string? ParentKey);

/// <summary>
/// The district's own areas below the municipalities, for the API and the dashboard alike: the rules (named by field,
/// in German), the insert and its audit entry in one transaction. Official areas come only from the area directory.
/// </summary>
public sealed class AreaWrites(Database database)
{
    public const int MaxKeyLength = 40;
    public const int MaxNameLength = 200;

    public async Task<WriteResult<Area>> CreateSubMunicipalAsync(string actor, SubMunicipalDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var key = draft.Key?.Trim();
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength || key.Any(char.IsWhiteSpace))
        {
            errors["key"] = $"Bitte einen Schlüssel mit höchstens {MaxKeyLength} Zeichen und ohne Leerzeichen angeben.";
        }
        else if (await database.FindCurrentAsync(key, cancellationToken) is not null) errors["key"] = "Diesen Schlüssel hat schon ein geltendes Gebiet.";
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > MaxNameLength) errors["name"] = $"Bitte einen Namen mit höchstens {MaxNameLength} Zeichen angeben.";
        if (draft.Level is not (AreaLevel.Sozialraum or AreaLevel.Stadtteil)) errors["level"] = "Sozialraum oder Stadtteil: amtliche Gebiete kommen aus dem Gebietsverzeichnis.";
        var parent = draft.ParentKey is null ? null : await database.FindCurrentAsync(draft.ParentKey.Trim(), cancellationToken);
        if (parent is not { Level: AreaLevel.Gemeinde or AreaLevel.Sozialraum or AreaLevel.Stadtteil })
        {
            errors["parentKey"] = "Bitte den Schlüssel einer geltenden Gemeinde (oder eines Gebiets in ihr) angeben.";
        }
        if (errors.Count > 0) return WriteResult<Area>.Invalid(errors);

        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(AreaQueries.InsertArea(database.Dialect),
                new { Key = key, Name = draft.Name!.Trim(), Level = draft.Level.ToString(), ParentId = parent!.Id }, transaction, cancellationToken: cancellationToken));
            var area = await connection.QuerySingleAsync<Area>(new CommandDefinition(AreaQueries.SelectCurrent + " AND a.id = @Id", new { Id = id }, transaction,
                cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "area.create", "area", area.Key, null,
                new { area.Key, area.Name, area.Level, area.ParentKey }, cancellationToken);
            return WriteResult<Area>.Done(area);
        }, cancellationToken);
    }
}
