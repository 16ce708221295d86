using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Areas;

public static class AreaQueries
{
    internal const string SelectCurrent =
        """
        SELECT a.id AS Id, a.area_key AS "Key", a.ars AS Ars, a.name AS Name, a.level AS Level,
               a.parent_id AS ParentId, p.area_key AS ParentKey, a.valid_from AS ValidFrom, a.valid_to AS ValidTo
        FROM areas a LEFT JOIN areas p ON p.id = a.parent_id
        WHERE a.valid_to IS NULL
        """;

    const string OrderByKey = " ORDER BY a.area_key";

    /// <summary>All areas in force today, ordered by key (so parents come before their children).</summary>
    public static async Task<IReadOnlyList<Area>> ListCurrentAsync(this Database database, CancellationToken cancellationToken = default)
    {
        // Pages ask for the areas on every request; with all German municipalities that is 11,000 rows, read again only
        // when the data version moved (read on the connection the load would use).
        await using var connection = await database.OpenAsync(cancellationToken);
        return await database.Cache.GetAsync<IReadOnlyList<Area>>("areas.current", connection, async ct =>
            (await connection.QueryAsync<Area>(new CommandDefinition(SelectCurrent + OrderByKey, cancellationToken: ct))).AsList(), cancellationToken);
    }

    public static async Task<Area?> FindCurrentAsync(this Database database, string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Area>(
            new CommandDefinition(SelectCurrent + " AND a.area_key = @Key", new { Key = key }, cancellationToken: cancellationToken));
    }

    const string SelectNames =
        """
        SELECT a.area_key AS "Key", a.name AS Name, a.official_name AS OfficialName, p.area_key AS ParentKey
        FROM areas a LEFT JOIN areas p ON p.id = a.parent_id
        WHERE a.valid_to IS NULL
        """;

    /// <summary>The names of the areas in force, to match an office's own file against (<see cref="AreaNames"/>), read again only when the data version moved.</summary>
    public static async Task<AreaNames> AreaNamesAsync(this Database database, string? homeKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await database.Cache.GetAsync<AreaNames>($"areas.names.{homeKey}", connection, async ct =>
            new AreaNames(await connection.QueryAsync<AreaNames.Entry>(new CommandDefinition(SelectNames, cancellationToken: ct)), homeKey), cancellationToken);
    }

    /// <summary>The same names within a run's transaction (areas the run's own file may not see otherwise).</summary>
    public static async Task<AreaNames> AreaNamesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string? homeKey, CancellationToken cancellationToken) =>
        new(await connection.QueryAsync<AreaNames.Entry>(new CommandDefinition(SelectNames, transaction: transaction, cancellationToken: cancellationToken)), homeKey);

    const string SelectOwnBelow =
        """
        SELECT a.id AS Id, a.area_key AS "Key", a.ars AS Ars, a.name AS Name, a.level AS Level,
               a.parent_id AS ParentId, p.area_key AS ParentKey, a.valid_from AS ValidFrom, a.valid_to AS ValidTo
        FROM areas a JOIN areas p ON p.id = a.parent_id
        WHERE p.area_key = @ParentKey AND p.valid_to IS NULL AND a.level IN ('Sozialraum', 'Stadtteil')
        ORDER BY CASE WHEN a.valid_to IS NULL THEN 0 ELSE 1 END, a.area_key
        """;

    /// <summary>The district's own areas directly below <paramref name="parentKey"/>, those in force first, then the retired.</summary>
    public static async Task<IReadOnlyList<Area>> ListOwnBelowAsync(this Database database, string parentKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Area>(new CommandDefinition(SelectOwnBelow, new { ParentKey = parentKey }, cancellationToken: cancellationToken))).AsList();
    }

    internal static string InsertArea(SqlDialect dialect) => dialect.InsertReturningId("areas", "area_key, name, level, parent_id", "@Key, @Name, @Level, @ParentId");

    /// <summary>Areas whose name or key contains <paramref name="text"/>, a page at a time.</summary>
    public static async Task<IReadOnlyList<Area>> SearchCurrentAsync(this Database database, string text, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var areas = await connection.QueryAsync<Area>(new CommandDefinition(
            Search(database.Dialect),
            new { Pattern = "%" + EscapeLike(text) + "%", Skip = skip, Take = take },
            cancellationToken: cancellationToken));
        return areas.AsList();
    }

    static string Search(SqlDialect dialect) =>
        dialect.Page(SelectCurrent + @" AND (a.name LIKE @Pattern ESCAPE '\' OR a.area_key LIKE @Pattern ESCAPE '\')" + OrderByKey);

    static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
