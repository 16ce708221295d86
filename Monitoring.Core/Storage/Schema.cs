using System.Globalization;
using Dapper;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace Monitoring.Core.Storage;

/// <summary>The versioned schema scripts in <c>sql/&lt;provider&gt;/</c>, applied with DbUp and journaled.</summary>
public static class Schema
{
    public const string JournalTable = "schema_versions";

    /// <summary>The provider's scripts in the order they apply, named as the journal records them (e.g. <c>0001_initial.sql</c>).</summary>
    public static IReadOnlyList<SqlScript> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(Schema).Assembly;
        var prefix = $"sql/{provider.ToString().ToLowerInvariant()}/";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return new SqlScript(name[prefix.Length..], reader.ReadToEnd());
            })
            .ToList();
    }

    /// <summary>The schema version this build of the application expects.</summary>
    public static int ExpectedVersion(DatabaseProvider provider) => Scripts(provider).Select(s => VersionOf(s.Name)).DefaultIfEmpty().Max();

    /// <summary>
    /// Checks the database is usable and either migrates it or, with <paramref name="migrate"/> off, checks it is current.
    /// A database from a newer version of the application is refused and left unchanged.
    /// </summary>
    public static async Task<SchemaMigration> PrepareAsync(Database database, bool migrate, ILogger logger, CancellationToken cancellationToken = default)
    {
        await database.CheckUsableAsync(cancellationToken);

        await using var migrationLock = migrate ? await database.LockMigrationsAsync(cancellationToken) : null;

        var scripts = Scripts(database.Provider);
        var upgrader = database.CreateUpgrader()
            .WithScripts(scripts)
            .WithTransactionPerScript()
            .LogTo(new UpgradeLog(logger))
            .Build();

        var executed = upgrader.GetExecutedScripts();
        var unknown = executed.Except(scripts.Select(s => s.Name), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new DatabaseStartupException(
                $"Die Datenbank unter {database.Location} hat Schemaskripte, die diese Anwendung nicht kennt ({string.Join(", ", unknown)}): " +
                $"Sie wurde von einer neueren Version geschrieben. Sie blieb unverändert; bitte die neuere Version starten oder eine Sicherung zurückspielen.");
        }

        var pending = scripts.Select(s => s.Name).Except(executed, StringComparer.Ordinal).ToList();
        if (pending.Count == 0)
        {
            return new SchemaMigration(ExpectedVersion(database.Provider), []);
        }

        if (!migrate)
        {
            throw new DatabaseStartupException(
                $"Die Datenbank unter {database.Location} braucht die Schemaskripte {string.Join(", ", pending)}, und Database:MigrateOnStartup ist aus. " +
                "Bitte „Monitoring.Ingest migrate“ ausführen oder einen Prozess mit Database:MigrateOnStartup=true starten.");
        }

        var result = upgrader.PerformUpgrade();
        database.SchemaChanged();
        if (!result.Successful)
        {
            throw new DatabaseStartupException(
                $"Das Schemaskript {result.ErrorScript?.Name ?? "?"} ist auf {database.Location} fehlgeschlagen: {result.Error?.Message}. " +
                "Das Skript lief in einer Transaktion und wurde zurückgenommen.", result.Error);
        }

        return new SchemaMigration(ExpectedVersion(database.Provider), result.Scripts.Select(s => s.Name).ToList());
    }

    /// <summary>The highest applied script number, or 0 for an empty database.</summary>
    public static async Task<int> CurrentVersionAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var names = await connection.QueryAsync<string>(new CommandDefinition(SelectJournal, cancellationToken: cancellationToken));
        return names.Select(VersionOf).DefaultIfEmpty().Max();
    }

    const string SelectJournal = "SELECT ScriptName FROM schema_versions";

    static int VersionOf(string scriptName)
    {
        var digits = new string(scriptName.TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;
    }

    sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Write(LogLevel.Trace, null, format, args);
        public void LogDebug(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);
        // DbUp narrates every step; what was applied is logged once by the caller.
        public void LogInformation(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);
        public void LogWarning(string format, params object[] args) => Write(LogLevel.Warning, null, format, args);
        public void LogError(string format, params object[] args) => Write(LogLevel.Error, null, format, args);
        public void LogError(Exception ex, string format, params object[] args) => Write(LogLevel.Error, ex, format, args);

        void Write(LogLevel level, Exception? exception, string format, object[] args)
        {
            if (!logger.IsEnabled(level)) return;
            var message = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
            logger.Log(level, exception, "Schema: {Message}", message);
        }
    }
}

/// <summary>What a start-up migration did: the resulting version and the scripts it applied.</summary>
public sealed record SchemaMigration(int Version, IReadOnlyList<string> Applied);
