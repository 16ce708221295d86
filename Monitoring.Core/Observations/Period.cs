using System.Globalization;

namespace Monitoring.Core.Observations;

/// <summary>
/// An observation's period as stored: <c>2023</c> for a year, <c>2023-12-31</c> for a reference date.
/// </summary>
public static class Period
{
    static readonly string[] DateFormats = ["dd.MM.yyyy", "yyyy-MM-dd", "d.M.yyyy"];

    /// <summary>Reads a year (2023) or a reference date (31.12.2023, 2023-12-31) as files write them.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out string period, out int year)
    {
        text = text.Trim();
        period = "";
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is > 1800 and < 2200)
        {
            period = text.ToString();
            return true;
        }
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            period = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            year = date.Year;
            return true;
        }
        year = 0;
        return false;
    }

    /// <summary>A stored period as users read it: a year as it is, a reference date in German notation (31.12.2023).</summary>
    public static string German(string period) =>
        DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
            : period;
}
