using Dapper;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Areas;

/// <summary>
/// The official areas from the shipped directory (<see cref="AreaDirectory"/>): every installation loads all of Germany at
/// start-up, whatever its home area (<see cref="HomeArea"/>), so that files with other areas import. Loading is idempotent: a second load
/// changes nothing; a changed name, parent, area or population is corrected and a changed name or parent recorded in
/// the audit log. Nothing is deleted, and areas of the district's own (Sozialräume) are never touched.
/// </summary>
public static class ReferenceAreas
{
    public sealed record Row(string Key, string Name, AreaLevel Level, string? ParentKey)
    {
        public string? Ars { get; init; }

        /// <summary>The name as the directory writes it ("Gütersloh, Stadt"); <see cref="Name"/> is the one people use.</summary>
        public string? OfficialName { get; init; }

        public double? AreaKm2 { get; init; }

        public long? Population { get; init; }

        /// <summary>Set for a former area (<see cref="AreaHistory"/>): the first day it was in force, where known.</summary>
        public DateOnly? ValidFrom { get; init; }

        /// <summary>Set for a former area: its last day.</summary>
        public DateOnly? ValidTo { get; init; }

        /// <summary>The key of the area a former one went into (dissolved, merged or re-keyed), where one took it over whole.</summary>
        public string? SuccessorKey { get; init; }
    }

    public sealed record LoadResult(int Inserted, int Updated, int Unchanged, int Ended = 0);

    /// <summary>
    /// The shipped directory: every Land, Regierungsbezirk, Kreis and Gemeinde of Germany, with the former ones since 2007
    /// and the official parts of Berlin and Hamburg (<see cref="AreaHistory"/>).
    /// </summary>
    public static IReadOnlyList<Row> Read() => Shipped.Value;

    static readonly Lazy<IReadOnlyList<Row>> Shipped = new(() => [.. AreaDirectory.ReadShipped(), .. AreaHistory.ReadShipped()]);

    /// <summary>The installation's district: Kreis Gütersloh.</summary>
    public const string District = "05754";

    /// <summary>Whether the key is the district, an area above it or one of its parts.</summary>
    public static bool InDistrict(string key, string district = District) =>
        key == "DG" || district.StartsWith(key, StringComparison.Ordinal) || key.StartsWith(district, StringComparison.Ordinal);

    /// <summary>The district with the areas above it and its Gemeinden (17 areas for Kreis Gütersloh).</summary>
    public static IReadOnlyList<Row> HomeDistrict(string district = District) => Read().Where(r => InDistrict(r.Key, district)).ToList();

    /// <summary>Loads all of Germany from the shipped directory, as every installation does at start-up.</summary>
    public static Task<LoadResult> LoadAsync(Database database, CancellationToken cancellationToken = default) =>
        LoadAsync(database, Read(), cancellationToken, edition: AreaDirectory.ShippedEdition);

    /// <summary>Loads only Kreis Gütersloh with the areas above it and its Gemeinden (17 areas), for tests that need no more.</summary>
    public static Task<LoadResult> LoadDistrictAsync(Database database, CancellationToken cancellationToken = default) =>
        LoadAsync(database, HomeDistrict(), cancellationToken, edition: AreaDirectory.ShippedEdition);

    /// <summary>
    /// Inserts missing areas and corrects the current version of each key, in one transaction. With
    /// <paramref name="endMissingOn"/> (a new edition of the whole directory), an official area the edition no longer has
    /// ends the day before: its values stay, under its key, valid until then. An area last set from an edition newer than
    /// <paramref name="edition"/> is left as it is: the shipped directory never undoes an operator's newer one.
    /// </summary>
    public static Task<LoadResult> LoadAsync(Database database, IReadOnlyList<Row> rows, CancellationToken cancellationToken = default, DateOnly? endMissingOn = null,
        string actor = "system", DateOnly? edition = null) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            int inserted = 0, updated = 0, unchanged = 0, ended = 0;
            // One read of what is stored (11,000 areas for Germany), not a query per row.
            var current = (await connection.QueryAsync<Stored>(SelectCurrent, transaction: transaction)).ToDictionary(a => a.Key, StringComparer.Ordinal);
            // A key a newer edition ended stays ended: an older list (the shipped directory at the next start) does not bring it back.
            // Former areas are parents too (a former Gemeinde under its former Kreis).
            var endedIds = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (key, id) in await connection.QueryAsync<(string, long)>(SelectEnded, transaction: transaction))
            {
                if (!current.ContainsKey(key)) endedIds.TryAdd(key, id);
            }
            var insert = Insert(database.Dialect);
            var stamp = (edition ?? endMissingOn)?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            // Parents first, whatever order the file has.
            foreach (var row in rows.OrderBy(r => r.Level).ThenBy(r => r.Key, StringComparer.Ordinal))
            {
                long? parentId = row.ParentKey is null ? null
                    : current.TryGetValue(row.ParentKey, out var parent) ? parent.Id
                    : endedIds.TryGetValue(row.ParentKey, out var formerParent) ? formerParent
                    : throw new InvalidOperationException($"Reference area {row.Key} names parent {row.ParentKey}, which is not in the list.");
                var values = new
                {
                    row.Key, row.Name, Level = row.Level.ToString(), ParentId = parentId, row.Ars, row.OfficialName, row.AreaKm2, row.Population, Edition = stamp,
                    ValidFrom = Iso(row.ValidFrom), ValidTo = Iso(row.ValidTo), row.SuccessorKey,
                };
                if (endedIds.ContainsKey(row.Key) || (current.TryGetValue(row.Key, out var newer) && stamp is not null && newer.Edition is not null && string.CompareOrdinal(newer.Edition, stamp) > 0))
                {
                    unchanged++;
                }
                else if (row.ValidTo is not null)
                {
                    // A former area is inserted ended, once; a key still open in the store is the same area and stays as it is.
                    if (current.ContainsKey(row.Key)) { unchanged++; continue; }
                    endedIds[row.Key] = await connection.ExecuteScalarAsync<long>(new CommandDefinition(insert, values, transaction, cancellationToken: cancellationToken));
                    inserted++;
                }
                else if (!current.TryGetValue(row.Key, out var existing))
                {
                    var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(insert, values, transaction, cancellationToken: cancellationToken));
                    current[row.Key] = new Stored { Id = id, Key = row.Key, Name = row.Name, Level = values.Level, ParentId = parentId, Ars = row.Ars, OfficialName = row.OfficialName,
                        AreaKm2 = row.AreaKm2, Population = row.Population, Edition = stamp };
                    inserted++;
                }
                else if (existing.Name != row.Name || existing.Level != values.Level || existing.ParentId != parentId
                    || (row.Ars is not null && existing.Ars != row.Ars) || (row.OfficialName is not null && existing.OfficialName != row.OfficialName)
                    || (row.AreaKm2 is not null && existing.AreaKm2 != row.AreaKm2) || (row.Population is not null && existing.Population != row.Population))
                {
                    var after = existing with
                    {
                        Name = row.Name, Level = values.Level, ParentId = parentId, Ars = row.Ars ?? existing.Ars, OfficialName = row.OfficialName ?? existing.OfficialName,
                        AreaKm2 = row.AreaKm2 ?? existing.AreaKm2, Population = row.Population ?? existing.Population, Edition = stamp ?? existing.Edition,
                    };
                    await connection.ExecuteAsync(new CommandDefinition(Update, after, transaction, cancellationToken: cancellationToken));
                    // Filling in details the store did not have yet is no change; correcting a name, a parent or a figure is.
                    if (existing.Name != row.Name || existing.ParentId != parentId || existing.Level != values.Level
                        || (existing.OfficialName is not null && existing.OfficialName != after.OfficialName)
                        || (existing.AreaKm2 is not null && existing.AreaKm2 != after.AreaKm2) || (existing.Population is not null && existing.Population != after.Population))
                    {
                        await AuditLog.WriteAsync(connection, transaction, actor, "area.update", "area", row.Key, existing, after, cancellationToken);
                    }
                    current[row.Key] = after;
                    updated++;
                }
                else
                {
                    if (stamp is not null && existing.Edition != stamp)
                    {
                        await connection.ExecuteAsync(new CommandDefinition(SetEdition, new { existing.Id, Edition = stamp }, transaction, cancellationToken: cancellationToken));
                        current[row.Key] = existing with { Edition = stamp };
                    }
                    unchanged++;
                }
            }
            if (endMissingOn is { } endDate)
            {
                var keys = rows.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
                foreach (var gone in current.Values.Where(a => !keys.Contains(a.Key) && a.Level is "Land" or "Regierungsbezirk" or "Region" or "Kreis" or "Gemeindeverband" or "Gemeinde"))
                {
                    var validTo = endDate.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    await connection.ExecuteAsync(new CommandDefinition(End, new { gone.Id, ValidTo = validTo }, transaction, cancellationToken: cancellationToken));
                    await AuditLog.WriteAsync(connection, transaction, actor, "area.end", "area", gone.Key, gone, new { gone.Key, ValidTo = validTo }, cancellationToken);
                    ended++;
                }
            }
            return new LoadResult(inserted, updated, unchanged, ended);
        }, cancellationToken);

    sealed record Stored
    {
        public long Id { get; init; }
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Level { get; init; } = "";
        public long? ParentId { get; init; }
        public string? Ars { get; init; }
        public string? OfficialName { get; init; }
        public double? AreaKm2 { get; init; }
        public long? Population { get; init; }
        public string? Edition { get; init; }
    }

    const string SelectCurrent =
        """
        SELECT id AS Id, area_key AS "Key", name AS Name, level AS Level, parent_id AS ParentId, ars AS Ars, official_name AS OfficialName,
               area_km2 AS AreaKm2, population AS Population, edition AS Edition
        FROM areas WHERE valid_to IS NULL
        """;

    const string Update =
        """
        UPDATE areas SET name = @Name, level = @Level, parent_id = @ParentId, ars = @Ars, official_name = @OfficialName, area_km2 = @AreaKm2, population = @Population,
               edition = @Edition
        WHERE id = @Id
        """;

    const string End = "UPDATE areas SET valid_to = @ValidTo WHERE id = @Id";

    const string SetEdition = "UPDATE areas SET edition = @Edition WHERE id = @Id";

    const string SelectEnded = "SELECT area_key, id FROM areas WHERE valid_to IS NOT NULL ORDER BY valid_to DESC";

    static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    static string Insert(SqlDialect dialect) => dialect.InsertReturningId("areas",
        "area_key, name, level, parent_id, ars, official_name, area_km2, population, edition, valid_from, valid_to, successor_key",
        "@Key, @Name, @Level, @ParentId, @Ars, @OfficialName, @AreaKm2, @Population, @Edition, @ValidFrom, @ValidTo, @SuccessorKey");
}
