using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Areas;

/// <summary>
/// The municipal changes an area was part of (<see cref="AreaHistory"/>): the former areas that went into it, and for a
/// former area its end and the area it went into. The pages say so beside the area's figures: a time series of the
/// successor starts with its own key; the years before belong to its predecessors, under their keys.
/// </summary>
public static class AreaChanges
{
    /// <summary>A former area: its key, name, level, last day and the key of the area it went into.</summary>
    public sealed record Former(string Key, string Name, AreaLevel Level, DateOnly ValidTo, string? SuccessorKey, string? SuccessorName);

    /// <summary>The former areas that went into <paramref name="key"/>, the latest change first.</summary>
    public static async Task<IReadOnlyList<Former>> PredecessorsAsync(this Database database, string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Select + " WHERE a.successor_key = @Key AND a.valid_to IS NOT NULL ORDER BY a.valid_to DESC, a.area_key",
            new { Key = key }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToFormer()).ToList();
    }

    /// <summary>The former area with this key, if the key is one that ended; null for a key in force or unknown.</summary>
    public static async Task<Former?> FindFormerAsync(this Database database, string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            Select + " WHERE a.area_key = @Key AND a.valid_to IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas c WHERE c.area_key = a.area_key AND c.valid_to IS NULL) ORDER BY a.valid_to DESC",
            new { Key = key }, cancellationToken: cancellationToken));
        return row?.ToFormer();
    }

    // Property mapping, not a positional record: the providers return different CLR types for the level and the date.
    sealed class Row
    {
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Level { get; init; } = "";
        public DateOnly ValidTo { get; init; }
        public string? SuccessorKey { get; init; }
        public string? SuccessorName { get; init; }

        public Former ToFormer() => new(Key, Name, Enum.Parse<AreaLevel>(Level), ValidTo, SuccessorKey, SuccessorName);
    }

    const string Select =
        """
        SELECT a.area_key AS "Key", a.name AS Name, a.level AS Level, a.valid_to AS ValidTo, a.successor_key AS SuccessorKey,
               (SELECT s.name FROM areas s WHERE s.area_key = a.successor_key AND s.valid_to IS NULL) AS SuccessorName
        FROM areas a
        """;
}
