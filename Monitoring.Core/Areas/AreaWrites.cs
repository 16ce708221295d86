using Dapper;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Areas;

/// <summary>A Sozialraum or Stadtteil as an Analyst enters it, under a municipality in force (or under an area within one).</summary>
public sealed record SubMunicipalDraft(string? Key, string? Name, AreaLevel Level, string? ParentKey)
{
    /// <summary>The first day it is in force (a Sozialraum newly cut); null when it always was, as far as the data go.</summary>
    public DateOnly? ValidFrom { get; init; }
}

/// <summary>
/// The district's own areas below the municipalities, for the API and the dashboard alike: the rules (named by field,
/// in German), the insert and its audit entry in one transaction. Official areas come only from the area directory.
/// </summary>
public sealed class AreaWrites(Database database)
{
    /// <summary>The key column's width on SQL Server (NVARCHAR(32)).</summary>
    public const int MaxKeyLength = 32;
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
            var id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertOwn(database.Dialect),
                new { Key = key, Name = draft.Name!.Trim(), Level = draft.Level.ToString(), ParentId = parent!.Id, ValidFrom = draft.ValidFrom?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
                transaction, cancellationToken: cancellationToken));
            var area = await connection.QuerySingleAsync<Area>(new CommandDefinition(AreaQueries.SelectCurrent + " AND a.id = @Id", new { Id = id }, transaction,
                cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "area.create", "area", area.Key, null,
                new { area.Key, area.Name, area.Level, area.ParentKey, area.ValidFrom }, cancellationToken);
            return WriteResult<Area>.Done(area);
        }, cancellationToken);
    }

    /// <summary>The district's own area with this key, in force; null when there is none (official areas are not its to change).</summary>
    async Task<Area?> OwnAsync(string key, CancellationToken cancellationToken) =>
        await database.FindCurrentAsync(key.Trim(), cancellationToken) is { Level: AreaLevel.Sozialraum or AreaLevel.Stadtteil } area ? area : null;

    /// <summary>Renames one of the district's own areas (the key stays: its data and files refer to it), audited.</summary>
    public async Task<WriteResult<Area>> RenameSubMunicipalAsync(string actor, string key, string? name, CancellationToken cancellationToken = default)
    {
        if (await OwnAsync(key, cancellationToken) is not { } area) return WriteResult<Area>.Missing;
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength) return WriteResult<Area>.Invalid("name", $"Bitte einen Namen mit höchstens {MaxNameLength} Zeichen angeben.");
        var renamed = name.Trim();
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(Rename, new { area.Id, Name = renamed }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "area.update", "area", area.Key, new { area.Name }, new { Name = renamed }, cancellationToken);
        }, cancellationToken);
        return WriteResult<Area>.Done(await database.FindCurrentAsync(area.Key, cancellationToken) ?? area);
    }

    /// <summary>
    /// Retires one of the district's own areas: in force until <paramref name="lastDay"/>; its values stay, as a former
    /// area's do. One with areas of its own in force below it is retired after them.
    /// </summary>
    public async Task<WriteResult<Area>> RetireSubMunicipalAsync(string actor, string key, DateOnly? lastDay, CancellationToken cancellationToken = default)
    {
        if (await OwnAsync(key, cancellationToken) is not { } area) return WriteResult<Area>.Missing;
        if (lastDay is not { } until) return WriteResult<Area>.Invalid("validTo", "Bitte den letzten Tag angeben, an dem das Gebiet gilt.");
        if (area.ValidFrom is { } from && until < from) return WriteResult<Area>.Invalid("validTo", $"Das Gebiet gilt erst seit {from:dd.MM.yyyy}; der letzte Tag kann nicht davor liegen.");
        if ((await database.ListCurrentAsync(cancellationToken)).Any(a => a.ParentId == area.Id))
        {
            return WriteResult<Area>.Invalid("validTo", "In diesem Gebiet gelten noch Gebiete; bitte diese zuerst beenden.");
        }
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(Retire, new { area.Id, ValidTo = until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "area.retire", "area", area.Key, null, new { ValidTo = until }, cancellationToken);
        }, cancellationToken);
        return WriteResult<Area>.Done(area);
    }

    /// <summary>
    /// Loads the boundaries of the district's own areas below <paramref name="parentKey"/> from a GeoJSON file, all or
    /// nothing: every feature must name one of them by <paramref name="keyProperty"/>; a boundary loaded before is replaced.
    /// Returns how many were stored.
    /// </summary>
    public async Task<WriteResult<int>> LoadBoundariesAsync(string actor, string parentKey, Stream file, string fileName, string keyProperty, CancellationToken cancellationToken = default)
    {
        var areas = (await database.ListCurrentAsync(cancellationToken)).ToList();
        if (areas.FirstOrDefault(a => a.Key == parentKey) is not { } parent) return WriteResult<int>.Missing;
        var own = areas.Where(a => a.ParentId == parent.Id && a.Level is AreaLevel.Sozialraum or AreaLevel.Stadtteil).ToDictionary(a => a.Key, StringComparer.Ordinal);
        var (features, problems) = AreaBoundaries.Read(file, fileName, string.IsNullOrWhiteSpace(keyProperty) ? "schluessel" : keyProperty.Trim());
        var errors = problems.ToList();
        foreach (var (key, _) in features.Where(f => !own.ContainsKey(f.Key)))
        {
            errors.Add($"{fileName}: „{key}“ ist kein Teilgebiet von {parent.Name}; bitte das Gebiet zuerst anlegen (vorhanden: {(own.Count == 0 ? "keine" : string.Join(", ", own.Keys.Order(StringComparer.Ordinal)))}).");
        }
        if (errors.Count > 0) return WriteResult<int>.Invalid(new Dictionary<string, IReadOnlyList<string>> { ["file"] = errors });
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var (key, geometry) in features)
            {
                var row = new { AreaId = own[key].Id, Geometry = AreaBoundaries.ToGeoJson(geometry), FileName = fileName, Now = DateTime.UtcNow };
                await connection.ExecuteAsync(new CommandDefinition(DeleteBoundary, row, transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(InsertBoundary, row, transaction, cancellationToken: cancellationToken));
            }
            await AuditLog.WriteAsync(connection, transaction, actor, "area.boundaries", "area", parent.Key, null,
                new { File = fileName, Areas = features.Select(f => f.Key).ToList() }, cancellationToken);
        }, cancellationToken);
        return WriteResult<int>.Done(features.Count);
    }

    static string InsertOwn(SqlDialect dialect) => dialect.InsertReturningId("areas", "area_key, name, level, parent_id, valid_from", "@Key, @Name, @Level, @ParentId, @ValidFrom");

    const string Rename = "UPDATE areas SET name = @Name WHERE id = @Id";

    const string Retire = "UPDATE areas SET valid_to = @ValidTo WHERE id = @Id";

    const string DeleteBoundary = "DELETE FROM area_boundaries WHERE area_id = @AreaId";

    const string InsertBoundary = "INSERT INTO area_boundaries (area_id, geometry, file_name, loaded_at) VALUES (@AreaId, @Geometry, @FileName, @Now)";
}
