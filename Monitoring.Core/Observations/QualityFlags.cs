namespace Monitoring.Core.Observations;

/// <summary>
/// The official meaning of a figure's symbol (Zeichenerklärung of the statistical offices), kept with the value.
/// A value without a number is stored as null with its flag, never as zero; only <see cref="ExactlyZero"/> is a zero.
/// Several flags can hold at once, e.g. a provisional figure of limited reliability: <c>(123)p</c>.
/// </summary>
[Flags]
public enum QualityFlags
{
    None = 0,

    /// <summary><c>-</c>: nothing there, exactly zero.</summary>
    ExactlyZero = 1 << 0,

    /// <summary><c>.</c>: unknown or to be kept secret.</summary>
    Secret = 1 << 1,

    /// <summary><c>...</c>: the figure comes later.</summary>
    Later = 1 << 2,

    /// <summary><c>/</c>: no figure, not reliable enough.</summary>
    Unreliable = 1 << 3,

    /// <summary><c>x</c>: cell blocked, figure not meaningful.</summary>
    NotMeaningful = 1 << 4,

    /// <summary><c>()</c>: limited reliability.</summary>
    LimitedReliability = 1 << 5,

    /// <summary><c>p</c>: provisional.</summary>
    Provisional = 1 << 6,

    /// <summary><c>r</c>: revised (corrected).</summary>
    Revised = 1 << 7,

    /// <summary><c>s</c>: estimated.</summary>
    Estimated = 1 << 8,

    /// <summary><c>|</c> or a footnote sign: break in the series.</summary>
    SeriesBreak = 1 << 9,

    /// <summary>
    /// No official sign: a small count of the district's own data (below its source's minimum count), or a cell kept
    /// secret so that a sum does not reveal one; inherited by every value computed from it. Shown as <c>.</c> to
    /// everyone but Analysts (<see cref="Disclosure"/>).
    /// </summary>
    SmallCount = 1 << 10,
}
