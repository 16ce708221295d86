using System.Data.Common;
using Dapper;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Ingestion.Imports;

/// <summary>
/// Small numbers of a source that sets a minimum count (<see cref="SourceSettings.MinCount"/>), marked in a run's staged
/// rows before they are stored: every count above zero and below the minimum (primary), and, where such a cell is the
/// only one marked among the areas of one parent (the Sozialräume of a Gemeinde) for a variable, period and
/// breakdown, the smallest of its siblings too (secondary), so that the parent's total and the others do not give it
/// away. Marked cells keep their numbers for Analysts; everyone else reads <c>.</c> (<see cref="Disclosure"/>).
/// </summary>
static class SmallCounts
{
    const int Flag = (int)QualityFlags.SmallCount;

    /// <summary>Marks the staged rows; returns how many were marked.</summary>
    public static async Task<long> ProtectAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string staging, int minCount,
        CancellationToken cancellationToken)
    {
        var table = dialect.TempTable(staging);
        long marked = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {table} SET flags = flags | @Flag WHERE value > 0 AND value < @Min", new { Flag, Min = minCount }, transaction, cancellationToken: cancellationToken));
        if (marked == 0) return 0;

        var cells = await connection.QueryAsync<(long Ordinal, long Variable, string Period, long Set, long Parent, double? Value, long Flags)>(new CommandDefinition(
            $"""
            SELECT s.ordinal, s.variable_id, s.period, s.dimension_set_id, a.parent_id, CAST(s.value AS FLOAT), s.flags
            FROM {table} s JOIN areas a ON a.id = s.area_id
            WHERE a.parent_id IS NOT NULL AND s.variable_id IN (SELECT variable_id FROM {table} WHERE (flags & @Flag) <> 0)
            """, new { Flag }, transaction, cancellationToken: cancellationToken));
        var secondary = new List<long>();
        foreach (var siblings in cells.GroupBy(c => (c.Variable, c.Period, c.Set, c.Parent)))
        {
            if (siblings.Count(c => (c.Flags & Flag) != 0) != 1) continue;
            var next = siblings.Where(c => (c.Flags & Flag) == 0 && c.Value is not null).OrderBy(c => c.Value).Select(c => (long?)c.Ordinal).FirstOrDefault();
            if (next is { } ordinal) secondary.Add(ordinal);
        }
        foreach (var chunk in secondary.Chunk(1000))
        {
            await connection.ExecuteAsync(new CommandDefinition($"UPDATE {table} SET flags = flags | @Flag WHERE ordinal IN @Ordinals", new { Flag, Ordinals = chunk },
                transaction, cancellationToken: cancellationToken));
        }
        return marked + secondary.Count;
    }
}
