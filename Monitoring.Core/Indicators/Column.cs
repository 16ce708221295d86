using System.Collections;
using Monitoring.Core.Observations;

namespace Monitoring.Core.Indicators;

/// <summary>One computed figure: a value (null where none can be given), the quality flags it inherits and the import runs it came from.</summary>
public readonly record struct Cell(double? Value, QualityFlags Flags, Lineage? Sources = null)
{
    /// <summary>Flags a result inherits from its inputs (exactly zero is a value, not a quality).</summary>
    public const QualityFlags Inherited = ~QualityFlags.ExactlyZero;
}

/// <summary>
/// The values of one expression for every cell of a <see cref="Grid"/> (area × year; indicators are annual). A cell is
/// present or absent; a present cell may have no value (a secret input), kept as NaN in <see cref="Values"/>.
/// A number in a formula is a constant column: the same cell everywhere, without arrays.
/// </summary>
public sealed class Column : IEnumerable<KeyValuePair<(int Area, int Year), Cell>>
{
    internal readonly double[] Values;
    internal readonly QualityFlags[] Flags;
    /// <summary>The lineage of each cell by <see cref="Lineage.Id"/> (0: none).</summary>
    internal readonly int[] Sources;
    internal readonly bool[] Present;

    public Column(Grid grid)
    {
        Grid = grid;
        Values = new double[grid.Count];
        Flags = new QualityFlags[grid.Count];
        Sources = new int[grid.Count];
        Present = new bool[grid.Count];
    }

    Column(Grid grid, Cell constant)
    {
        Grid = grid;
        Constant = constant;
        (Values, Flags, Sources, Present) = ([], [], [], []);
    }

    public Grid Grid { get; }

    /// <summary>The cell of a constant column; null for any other.</summary>
    public Cell? Constant { get; }

    public static Column Of(Grid grid, Cell constant) => new(grid, constant);

    /// <summary>Present cells; a constant column has none of its own.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var present in Present) if (present) count++;
            return count;
        }
    }

    public bool Has(int cell) => Constant is not null || Present[cell];

    public Cell At(int cell) =>
        Constant ?? new Cell(double.IsNaN(Values[cell]) ? null : Values[cell], Flags[cell], Lineage.OfId(Sources[cell]));

    public void Set(int cell, Cell value)
    {
        Present[cell] = true;
        Values[cell] = value.Value ?? double.NaN;
        Flags[cell] = value.Flags;
        Sources[cell] = value.Sources?.Id ?? 0;
    }

    public void Remove(int cell) => Present[cell] = false;

    public Column Copy()
    {
        if (Constant is Cell constant) return Of(Grid, constant);
        var copy = new Column(Grid);
        Array.Copy(Values, copy.Values, Values.Length);
        Array.Copy(Flags, copy.Flags, Flags.Length);
        Array.Copy(Sources, copy.Sources, Sources.Length);
        Array.Copy(Present, copy.Present, Present.Length);
        return copy;
    }

    public bool TryGetValue((int Area, int Year) key, out Cell cell)
    {
        var index = Grid.Cell(key.Area, key.Year);
        var found = Constant is null && index >= 0 && Present[index];
        cell = found ? At(index) : default;
        return found;
    }

    public bool ContainsKey((int Area, int Year) key) => TryGetValue(key, out _);

    public Cell this[(int Area, int Year) key]
    {
        get => TryGetValue(key, out var cell) ? cell : throw new KeyNotFoundException($"no figure for area {key.Area} in {key.Year}");
        set
        {
            var index = Grid.Cell(key.Area, key.Year);
            if (index < 0 || Constant is not null) throw new ArgumentOutOfRangeException(nameof(key), $"area {key.Area} in {key.Year} is outside the computation");
            Set(index, value);
        }
    }

    public IEnumerator<KeyValuePair<(int Area, int Year), Cell>> GetEnumerator()
    {
        for (var i = 0; i < Present.Length; i++)
        {
            if (Present[i]) yield return KeyValuePair.Create((Grid.AreaOf(i), Grid.YearOf(i)), At(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
