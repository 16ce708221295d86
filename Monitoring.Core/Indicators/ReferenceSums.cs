using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>
/// Sums one variable's observations into the columns of its references, cell by cell (area × year): each cell is answered
/// from the coarsest breakdown that cell itself holds whole, never from what other areas hold. A breakdown chosen for the
/// whole variable let one Sozialraum's row with a coarser breakdown empty the column of every other area (issue 15).
/// A breakdown is whole in a cell when the cell holds every combination of the dimensions it is counted over (a filter's
/// values, and the catalog's values of a dimension summed over): the foreign residents alone are no population total.
/// A part without a value (secret) leaves the sum without one. Where a year has several reference dates, the coarsest
/// breakdown whole at any of them answers, at the latest date it is whole: so a cell answered by its coarsest candidate
/// needs nothing else read (<see cref="VariableColumns"/> reads the finer ones only for the areas that lack it).
/// </summary>
sealed class ReferenceSums
{
    /// <summary>
    /// One way a reference can be answered: the variable's stored dimension sets of one breakdown (the same dimension
    /// names) that match the filters, and how many combinations a cell must hold for their sum to be the whole.
    /// </summary>
    /// <param name="Sets">The matching dimension sets.</param>
    /// <param name="Slots">
    /// Per set, which combination of the counted dimensions it is (0 … <paramref name="Required"/> - 1), or -1 when one
    /// of its values lies outside them: it is summed and completes nothing.
    /// </param>
    /// <param name="Required">The product of the counted dimensions' numbers of values (1 for a total row).</param>
    public readonly record struct Candidate(int[] Sets, int[] Slots, int Required);

    /// <summary>A set's part in one target: which accumulator (target and candidate) it adds to, the candidate's rank, its slot.</summary>
    readonly record struct Entry(int Target, int Accumulator, int Rank, int Slot);

    readonly Grid grid;
    readonly Column[] columns;
    readonly Entry[][] entriesOfSet;
    readonly int[] firstAccumulator;

    // Per accumulator (a target's candidate), for the (area, period) being read: only scalars, reset by a stamp, so that
    // no cell allocates anything.
    readonly int[] required;
    readonly int[] covered;
    readonly int[] startedIn;
    readonly int[][] slotSeenIn;
    readonly double[] sums;
    readonly QualityFlags[] flags;
    readonly int[] sources;

    // Per target, for the (area, period) being read: the rank of the coarsest whole candidate (int.MaxValue: none yet).
    readonly int[] best;
    readonly int[] touchedIn;
    readonly int[] touched;
    int touchedCount;

    // Per target: the cell last written and the rank it was written from, so that a later reference date in the same
    // year replaces it only from a breakdown as coarse or coarser.
    readonly int[] writtenCell;
    readonly int[] writtenRank;

    /// <param name="grid">The cells.</param>
    /// <param name="targets">Each reference's column and its candidates, coarsest first.</param>
    public ReferenceSums(Grid grid, IReadOnlyList<(Column Column, IReadOnlyList<Candidate> Candidates)> targets)
    {
        this.grid = grid;
        columns = targets.Select(t => t.Column).ToArray();
        firstAccumulator = new int[targets.Count + 1];
        for (var t = 0; t < targets.Count; t++) firstAccumulator[t + 1] = firstAccumulator[t] + targets[t].Candidates.Count;
        var accumulators = firstAccumulator[targets.Count];
        required = new int[accumulators];
        covered = new int[accumulators];
        startedIn = new int[accumulators];
        slotSeenIn = new int[accumulators][];
        sums = new double[accumulators];
        flags = new QualityFlags[accumulators];
        sources = new int[accumulators];
        best = new int[targets.Count];
        touchedIn = new int[targets.Count];
        touched = new int[targets.Count];
        writtenCell = new int[targets.Count];
        writtenRank = new int[targets.Count];
        Array.Fill(writtenCell, -1);

        var entries = new List<(int Set, Entry Entry)>();
        for (var t = 0; t < targets.Count; t++)
        {
            for (var rank = 0; rank < targets[t].Candidates.Count; rank++)
            {
                var candidate = targets[t].Candidates[rank];
                var accumulator = firstAccumulator[t] + rank;
                required[accumulator] = candidate.Required;
                slotSeenIn[accumulator] = new int[candidate.Required];
                for (var i = 0; i < candidate.Sets.Length; i++) entries.Add((candidate.Sets[i], new Entry(t, accumulator, rank, candidate.Slots[i])));
            }
        }
        // Set ids are small dense numbers: an array finds a row's entries without hashing, once per row.
        entriesOfSet = new Entry[entries.Count == 0 ? 0 : entries.Max(e => e.Set) + 1][];
        Array.Fill(entriesOfSet, Array.Empty<Entry>());
        foreach (var group in entries.GroupBy(e => e.Set)) entriesOfSet[group.Key] = group.Select(e => e.Entry).ToArray();
        Sets = entries.Select(e => e.Set).Distinct().Order().ToList();
    }

    /// <summary>The dimension sets any target reads.</summary>
    public IReadOnlyList<int> Sets { get; }

    /// <summary>
    /// Reads rows of (area, period as a number, value, flags, import run, dimension set) in the order area, period, set:
    /// one (area, period)'s rows come together, its periods ascending, and the periods of one year one after another.
    /// </summary>
    public void Read(RowCursor reader, CancellationToken cancellationToken)
    {
        var (area, areaIndex, period, group, cell, rows) = (-1, -1, -1, 0, -1, 0);
        var (lastRun, lastLineage) = (-1, 0);
        var runs = new Dictionary<int, int>();
        var (lastSet, lastEntries) = (-1, Array.Empty<Entry>());
        while (reader.Read())
        {
            if (++rows % 65536 == 0) cancellationToken.ThrowIfCancellationRequested();
            var rowArea = reader.Int(0);
            var rowPeriod = reader.Int(1);
            if (rowArea != area || rowPeriod != period)
            {
                Complete(cell);
                if (rowArea != area) (area, areaIndex) = (rowArea, grid.AreaIndex(rowArea));
                period = rowPeriod;
                group++;
                // 2023 or 20231231
                cell = grid.CellAt(areaIndex, period < 10_000 ? period : period / 10_000);
            }
            if (cell < 0) continue;
            // NaN (no value) stays NaN through the sum.
            var value = reader.Real(2);
            var rowFlags = (QualityFlags)reader.Int(3) & Cell.Inherited;
            var run = reader.Int(4);
            if (run != lastRun)
            {
                if (!runs.TryGetValue(run, out lastLineage)) runs[run] = lastLineage = Lineage.Of([run]).Id;
                lastRun = run;
            }
            var set = reader.Int(5);
            if (set != lastSet) (lastSet, lastEntries) = (set, entriesOfSet[set]);
            foreach (var entry in lastEntries)
            {
                var target = entry.Target;
                if (touchedIn[target] != group)
                {
                    touchedIn[target] = group;
                    best[target] = int.MaxValue;
                    touched[touchedCount++] = target;
                }
                // A coarser breakdown of this cell is already whole: the finer ones are not needed.
                if (entry.Rank > best[target]) continue;
                var accumulator = entry.Accumulator;
                if (startedIn[accumulator] != group)
                {
                    startedIn[accumulator] = group;
                    sums[accumulator] = 0;
                    flags[accumulator] = QualityFlags.None;
                    sources[accumulator] = 0;
                    covered[accumulator] = 0;
                }
                sums[accumulator] += value;
                flags[accumulator] |= rowFlags;
                sources[accumulator] = Lineage.Union(sources[accumulator], lastLineage);
                if (entry.Slot >= 0 && slotSeenIn[accumulator][entry.Slot] != group)
                {
                    slotSeenIn[accumulator][entry.Slot] = group;
                    if (++covered[accumulator] == required[accumulator] && entry.Rank < best[target]) best[target] = entry.Rank;
                }
            }
        }
        Complete(cell);
    }

    /// <summary>Writes the coarsest whole candidate of each target the (area, period) just read touched into its cell.</summary>
    void Complete(int cell)
    {
        for (var i = 0; i < touchedCount; i++)
        {
            var target = touched[i];
            var rank = best[target];
            if (rank == int.MaxValue) continue;
            // An earlier reference date of the year answered from a coarser breakdown: it stays.
            if (writtenCell[target] == cell && writtenRank[target] < rank) continue;
            (writtenCell[target], writtenRank[target]) = (cell, rank);
            var accumulator = firstAccumulator[target] + rank;
            var column = columns[target];
            column.Present[cell] = true;
            column.Values[cell] = sums[accumulator];
            column.Flags[cell] = flags[accumulator];
            column.Sources[cell] = sources[accumulator];
        }
        touchedCount = 0;
    }
}
