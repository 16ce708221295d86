using System.Globalization;

namespace Monitoring.Core.Observations;

/// <summary>How a source writes numbers: German <c>1.234,5</c> or English <c>1,234.5</c>.</summary>
public enum NumberFormat
{
    German,
    English,
}

/// <summary>A figure as the statistical offices publish it: a number, a symbol instead of one, or both with flags.</summary>
public readonly record struct OfficialValue(decimal? Value, QualityFlags Flags)
{
    /// <summary>
    /// Reads one cell. Accepts a number in <paramref name="format"/> (thousands separators only in groups of three,
    /// so an English <c>1.5</c> is never read as a German 15), the official symbols <c>- . ... / x</c>,
    /// parentheses for limited reliability, the suffixes <c>p r s</c> and a leading or trailing <c>|</c> for a break.
    /// A number is never inferred from a symbol other than <c>-</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> cell, NumberFormat format, out OfficialValue value, out string error)
    {
        value = default;
        error = "";
        var text = cell.Trim();
        var flags = QualityFlags.None;

        if (text.StartsWith('|')) { flags |= QualityFlags.SeriesBreak; text = text[1..].TrimStart(); }
        if (text.EndsWith('|')) { flags |= QualityFlags.SeriesBreak; text = text[..^1].TrimEnd(); }

        // Suffixes p, r, s (several may follow one another, with or without a space): 123p, (12,5) r
        while (text.Length > 1 && SuffixFlag(text[^1]) is { } suffix && (char.IsAsciiDigit(text[^2]) || text[^2] is ')' or ' ' or '-' or 'p' or 'r' or 's'))
        {
            flags |= suffix;
            text = text[..^1].TrimEnd();
        }

        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')')
        {
            flags |= QualityFlags.LimitedReliability;
            text = text[1..^1].Trim();
        }

        switch (text)
        {
            case "":
                error = "erwartet wird eine Zahl oder ein amtliches Zeichen (- . ... / x), die Zelle ist leer";
                return false;
            case "-":
                value = new OfficialValue(0m, flags | QualityFlags.ExactlyZero);
                return true;
            case ".":
                value = new OfficialValue(null, flags | QualityFlags.Secret);
                return true;
            case "...":
            case "…":
                value = new OfficialValue(null, flags | QualityFlags.Later);
                return true;
            case "/":
                value = new OfficialValue(null, flags | QualityFlags.Unreliable);
                return true;
            case "x":
            case "X":
                value = new OfficialValue(null, flags | QualityFlags.NotMeaningful);
                return true;
        }

        if (TryParseNumber(text, format, out var number))
        {
            value = new OfficialValue(number, flags);
            return true;
        }

        error = format == NumberFormat.German
            ? $"erwartet wird eine Zahl im deutschen Format (z. B. 1.234,5) oder ein amtliches Zeichen (- . ... / x), gefunden „{cell.Trim()}“"
            : $"erwartet wird eine Zahl im englischen Format (z. B. 1,234.5) oder ein amtliches Zeichen (- . ... / x), gefunden „{cell.Trim()}“";
        return false;
    }

    /// <summary>
    /// The marks of a GENESIS quality column (<c>value_q</c>, <c>…__q</c>): e final, p provisional, r revised, s estimated,
    /// <c>()</c> limited reliability (the value stays), empty for none.
    /// </summary>
    public static bool TryParseQuality(ReadOnlySpan<char> cell, out QualityFlags flags)
    {
        flags = QualityFlags.None;
        var text = cell.Trim();
        var open = text.IndexOf('(');
        if (open >= 0)
        {
            if (text.IndexOf(')') is var close && close < open) return false;
            flags |= QualityFlags.LimitedReliability;
        }
        foreach (var c in text)
        {
            if (c is 'e' or '(' or ')' or ' ') continue;
            if (SuffixFlag(c) is not { } flag) return false;
            flags |= flag;
        }
        return true;
    }

    static QualityFlags? SuffixFlag(char c) => c switch
    {
        'p' => QualityFlags.Provisional,
        'r' => QualityFlags.Revised,
        's' => QualityFlags.Estimated,
        _ => null,
    };

    static bool TryParseNumber(ReadOnlySpan<char> text, NumberFormat format, out decimal number)
    {
        number = 0;
        var (group, decimalMark) = format == NumberFormat.German ? ('.', ',') : (',', '.');
        Span<char> plain = stackalloc char[Math.Min(text.Length, 64)];
        if (text.Length > 64) return false;

        var length = 0;
        var i = 0;
        if (text[0] is '-' or '+' or '−')
        {
            plain[length++] = text[0] == '+' ? '+' : '-';
            i++;
        }

        // Integer part: digits, optionally grouped in threes by the group separator.
        var digitsInGroup = 0;
        var groups = 0;
        var integerDigits = 0;
        for (; i < text.Length && text[i] != decimalMark; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                plain[length++] = c;
                digitsInGroup++;
                integerDigits++;
            }
            else if (c == group)
            {
                if ((groups == 0 && digitsInGroup is < 1 or > 3) || (groups > 0 && digitsInGroup != 3)) return false;
                groups++;
                digitsInGroup = 0;
            }
            else
            {
                return false;
            }
        }
        if (integerDigits == 0 || (groups > 0 && digitsInGroup != 3)) return false;

        if (i < text.Length)
        {
            plain[length++] = '.';
            var fractionDigits = 0;
            for (i++; i < text.Length; i++)
            {
                if (!char.IsAsciiDigit(text[i])) return false;
                plain[length++] = text[i];
                fractionDigits++;
            }
            if (fractionDigits == 0) return false;
        }

        return decimal.TryParse(plain[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);
    }
}
