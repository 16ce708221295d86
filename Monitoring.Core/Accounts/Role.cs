namespace Monitoring.Core.Accounts;

/// <summary>What a user may do; each role includes the ones before it.</summary>
public enum Role
{
    /// <summary>Committee members: read only.</summary>
    Viewer = 1,

    /// <summary>Department heads: goals, targets, commentary.</summary>
    Editor = 2,

    /// <summary>Data sources, imports, indicators.</summary>
    Analyst = 3,

    /// <summary>Users and settings.</summary>
    Admin = 4,
}
