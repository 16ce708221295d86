namespace Monitoring.Core.Storage;

/// <summary>The <c>Database</c> configuration section. SQL Server's connection string is <c>ConnectionStrings:Monitoring</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Monitoring";

    /// <summary><c>Sqlite</c> (embedded default) or <c>SqlServer</c>.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>The SQLite file; a relative path is taken from the host's content root.</summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "monitoring.db");

    /// <summary>How long a SQLite connection waits for another process's write to end before it reports the file as locked.</summary>
    public int SqliteBusyTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The largest the SQLite file may grow, in MiB; 0 for no limit but the disk's. An import that would pass it fails
    /// whole, as on a full disk, and leaves the disk room for everything else on the machine.
    /// </summary>
    public int SqliteMaxSizeMiB { get; set; }

    /// <summary>
    /// Apply schema scripts at start-up. Scaled-out deployments turn this off on all but one
    /// process (or run <c>Monitoring.Ingest migrate</c>) and the others only check the schema version.
    /// </summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Load the reference areas at start-up (idempotent).</summary>
    public bool LoadReferenceAreas { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>A configuration or database state that must stop the host, with a message that names the setting.</summary>
public sealed class DatabaseStartupException(string message, Exception? inner = null) : Exception(message, inner);
