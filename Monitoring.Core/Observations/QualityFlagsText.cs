namespace Monitoring.Core.Observations;

/// <summary>The meaning of a figure's flags in German, as the offices' Zeichenerklärung words it: the one place for these words.</summary>
public static class QualityFlagsText
{
    static readonly (QualityFlags Flag, string Symbol, string Text)[] Legend =
    [
        (QualityFlags.ExactlyZero, "-", "nichts vorhanden (genau null)"),
        (QualityFlags.Secret, ".", "unbekannt oder geheim zu halten"),
        (QualityFlags.Later, "...", "Angabe fällt später an"),
        (QualityFlags.Unreliable, "/", "keine Angabe, da nicht sicher genug"),
        (QualityFlags.NotMeaningful, "x", "Tabellenfach gesperrt, Aussage nicht sinnvoll"),
        (QualityFlags.LimitedReliability, "()", "Aussagewert eingeschränkt"),
        (QualityFlags.Provisional, "p", "vorläufige Zahl"),
        (QualityFlags.Revised, "r", "berichtigte Zahl"),
        (QualityFlags.Estimated, "s", "geschätzte Zahl"),
        (QualityFlags.SeriesBreak, "|", "Bruch in der Zeitreihe"),
    ];

    /// <summary>Every flag with its symbol and meaning, for a page's legend.</summary>
    public static IReadOnlyList<(QualityFlags Flag, string Symbol, string Text)> All => Legend;

    /// <summary>The meanings of the flags set in <paramref name="flags"/>, comma-separated; empty for none.</summary>
    public static string German(QualityFlags flags) =>
        string.Join(", ", Legend.Where(l => flags.HasFlag(l.Flag)).Select(l => l.Text));
}
