using System.Globalization;

namespace Monitoring.Core;

/// <summary>The one German culture of the product: numbers as 1.234,5, dates as 31.12.2024, names sorted as in German.</summary>
public static class German
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>Names in German order (ä with a, ß with ss), ignoring case differences only where the culture does.</summary>
    public static readonly StringComparer Names = StringComparer.Create(Culture, false);
}
