
namespace Monitoring.Core.Observations;

/// <summary>
/// Writes a figure as the statistical offices print it, the inverse of <see cref="OfficialValue.TryParse"/>: a symbol
/// where there is no number (<c>. ... / x -</c>), parentheses for limited reliability, the suffixes <c>p r s</c>, and
/// <c>|</c> before a figure after a break in the series. German number format.
/// </summary>
public static class OfficialFormat
{

    /// <summary>The legend of the symbols, in German, as the offices' Zeichenerklärung has it.</summary>
    public static readonly IReadOnlyList<(string Symbol, string Meaning)> Legend =
    [
        ("-", "nichts vorhanden (genau null)"),
        (".", "Zahlenwert unbekannt oder geheim zu halten"),
        ("...", "Angabe fällt später an"),
        ("/", "keine Angaben, da Zahlenwert nicht sicher genug"),
        ("x", "Tabellenfach gesperrt, weil Aussage nicht sinnvoll"),
        ("( )", "Aussagewert eingeschränkt"),
        ("p", "vorläufige Zahl"),
        ("r", "berichtigte Zahl"),
        ("s", "geschätzte Zahl"),
        ("|", "Bruch in der Zeitreihe"),
    ];

    /// <summary>The symbol alone for a figure without a number, or null when there is a number.</summary>
    public static string? Symbol(double? value, QualityFlags flags) => value is not null ? null : flags switch
    {
        _ when flags.HasFlag(QualityFlags.Secret) => ".",
        _ when flags.HasFlag(QualityFlags.Later) => "...",
        _ when flags.HasFlag(QualityFlags.Unreliable) => "/",
        _ when flags.HasFlag(QualityFlags.NotMeaningful) => "x",
        _ when flags.HasFlag(QualityFlags.ExactlyZero) => "-",
        _ => ".",
    };

    /// <summary>The suffix letters for a figure with a number: "p", "r", "s" in that order.</summary>
    public static string Suffix(QualityFlags flags) =>
        (flags.HasFlag(QualityFlags.Provisional) ? "p" : "") + (flags.HasFlag(QualityFlags.Revised) ? "r" : "") + (flags.HasFlag(QualityFlags.Estimated) ? "s" : "");

    /// <summary>The whole cell as printed: e.g. <c>1.234,5</c>, <c>(12,0)p</c>, <c>|98,1</c>, <c>.</c>; a number marked unreliable stays a number, in parentheses.</summary>
    public static string Format(double? value, QualityFlags flags, int decimals)
    {
        if (Symbol(value, flags) is { } symbol) return symbol;
        if (flags.HasFlag(QualityFlags.ExactlyZero) && value == 0) return "-";
        var number = value!.Value.ToString("N" + decimals, German.Culture);
        if (flags.HasFlag(QualityFlags.LimitedReliability) || flags.HasFlag(QualityFlags.Unreliable)) number = $"({number})";
        return (flags.HasFlag(QualityFlags.SeriesBreak) ? "|" : "") + number + Suffix(flags);
    }
}
