using Monitoring.Core.Goals;

namespace Monitoring.Web;

/// <summary>The CSS class of a status: a coloured bar beside the label, never the colour alone.</summary>
public static class StatusStyle
{
    public static string Css(ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => "status-achieved",
        ProgressStatus.OnTrack => "status-on-track",
        ProgressStatus.SlightDeviation => "status-slight",
        ProgressStatus.SubstantialDeviation => "status-substantial",
        ProgressStatus.MovingAway => "status-away",
        _ => "status-none",
    };
}
