namespace Monitoring.Core.Observations;

/// <summary>
/// The one rule for small numbers: a value marked <see cref="QualityFlags.SmallCount"/> (a count of the district's own
/// data below its source's minimum, a cell kept secret so that a sum does not reveal it, or anything computed from
/// either) is shown as <c>.</c> (secret) unless the reader may see it (an Analyst). Every read path that serves pages,
/// exports and the API applies it; the default is to keep the secret.
/// </summary>
public static class Disclosure
{
    /// <summary>The value as <paramref name="reveal"/> allows: unchanged, or null and secret with its other marks kept.</summary>
    public static (double? Value, QualityFlags Flags) Apply(double? value, QualityFlags flags, bool reveal) =>
        reveal || !flags.HasFlag(QualityFlags.SmallCount)
            ? (value, flags)
            : (null, (flags & ~(QualityFlags.SmallCount | QualityFlags.ExactlyZero | QualityFlags.LimitedReliability)) | QualityFlags.Secret);

    /// <summary>Whether a stored value with these flags may be shown as a number.</summary>
    public static bool Shown(QualityFlags flags, bool reveal) => reveal || !flags.HasFlag(QualityFlags.SmallCount);
}
