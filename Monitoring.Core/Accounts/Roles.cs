namespace Monitoring.Core.Accounts;

/// <summary>What users read for a role, from the least to the most it may do.</summary>
public static class Roles
{
    public static readonly IReadOnlyList<Role> All = [Role.Viewer, Role.Editor, Role.Analyst, Role.Admin];

    public static string German(this Role role) => role switch
    {
        Role.Viewer => "Lesen",
        Role.Editor => "Ziele bearbeiten",
        Role.Analyst => "Analyse",
        _ => "Administration",
    };
}
