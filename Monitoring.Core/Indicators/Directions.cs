namespace Monitoring.Core.Indicators;

/// <summary>What users read for the desired direction of an indicator or a target: one wording for pages and reports.</summary>
public static class Directions
{
    public static string German(this Direction direction) => direction switch
    {
        Direction.Up => "steigend",
        Direction.Down => "sinkend",
        _ => "keine Wertung",
    };

    /// <summary>For a direction as stored with a target ("Up", "Down").</summary>
    public static string German(string direction) => Enum.TryParse<Direction>(direction, out var parsed) ? parsed.German() : direction;
}
