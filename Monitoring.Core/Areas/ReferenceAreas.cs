using System.Data.Common;
using Dapper;
using Monitoring.Core.Storage;
using nietras.SeparatedValues;

namespace Monitoring.Core.Areas;

/// <summary>
/// The official areas shipped with the application (Germany, NRW, Regierungsbezirk Detmold, Kreis Gütersloh
/// and its 13 municipalities). Loading is idempotent: a second load changes nothing.
/// </summary>
public static class ReferenceAreas
{
    public sealed record Row(string Key, string Name, AreaLevel Level, string? ParentKey);

    public sealed record LoadResult(int Inserted, int Updated, int Unchanged);

    /// <summary>Reads the embedded reference list (<c>Areas/reference-areas.csv</c>, from the official keys).</summary>
    public static IReadOnlyList<Row> Read()
    {
        using var stream = typeof(ReferenceAreas).Assembly.GetManifestResourceStream("reference-areas.csv")!;
        return Read(stream);
    }

    public static IReadOnlyList<Row> Read(Stream csv)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).From(csv);
        var rows = new List<Row>();
        foreach (var row in reader)
        {
            var parent = row["parent_ags"].ToString();
            rows.Add(new Row(
                row["ags"].ToString(),
                row["name"].ToString(),
                Enum.Parse<AreaLevel>(row["level"].ToString()),
                parent.Length == 0 ? null : parent));
        }
        return rows;
    }

    public static Task<LoadResult> LoadAsync(Database database, CancellationToken cancellationToken = default) =>
        LoadAsync(database, Read(), cancellationToken);

    /// <summary>Inserts missing areas and corrects names, levels and parents of the current version of each key, in one transaction.</summary>
    public static Task<LoadResult> LoadAsync(Database database, IReadOnlyList<Row> rows, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            int inserted = 0, updated = 0, unchanged = 0;
            // Parents first, whatever order the file has.
            foreach (var row in rows.OrderBy(r => r.Level))
            {
                long? parentId = row.ParentKey is null ? null : await CurrentIdAsync(connection, transaction, row.ParentKey)
                    ?? throw new InvalidOperationException($"Reference area {row.Key} names parent {row.ParentKey}, which is not in the list.");
                var existing = await connection.QuerySingleOrDefaultAsync<(long Id, string Name, string Level, long? ParentId)>(
                    SelectCurrentByKey, new { row.Key }, transaction);
                var parameters = new { row.Key, row.Name, Level = row.Level.ToString(), ParentId = parentId };
                if (existing.Id == 0)
                {
                    await connection.ExecuteScalarAsync<long>(Insert(database.Dialect), parameters, transaction);
                    inserted++;
                }
                else if (existing.Name != row.Name || existing.Level != row.Level.ToString() || existing.ParentId != parentId)
                {
                    await connection.ExecuteAsync(Update, new { existing.Id, row.Name, Level = row.Level.ToString(), ParentId = parentId }, transaction);
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            return new LoadResult(inserted, updated, unchanged);
        }, cancellationToken);

    static async Task<long?> CurrentIdAsync(DbConnection connection, DbTransaction transaction, string key) =>
        await connection.ExecuteScalarAsync<long?>("SELECT id FROM areas WHERE area_key = @Key AND valid_to IS NULL", new { Key = key }, transaction);

    const string SelectCurrentByKey = "SELECT id AS Id, name AS Name, level AS Level, parent_id AS ParentId FROM areas WHERE area_key = @Key AND valid_to IS NULL";

    const string Update = "UPDATE areas SET name = @Name, level = @Level, parent_id = @ParentId WHERE id = @Id";

    static string Insert(SqlDialect dialect) => dialect.InsertReturningId("areas", "area_key, name, level, parent_id", "@Key, @Name, @Level, @ParentId");
}
