using System.Globalization;

namespace Monitoring.Web;

/// <summary>How the dashboard writes numbers and times: German conventions, German local time, whatever the server's settings.</summary>
public static class GermanFormat
{
    public static CultureInfo Culture => Monitoring.Core.German.Culture;

    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>A stored UTC timestamp as "31.12.2024 14:05" in German local time.</summary>
    public static string DateTime(System.DateTime? utc) =>
        utc is { } value
            ? TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(value, DateTimeKind.Utc), Berlin).ToString("dd.MM.yyyy HH:mm", Culture)
            : "–";
}
