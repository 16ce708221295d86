using Dapper;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Accounts;

/// <summary>A sign-in refused before the password was checked: wait until <see cref="RetryAt"/>.</summary>
public sealed record SignInRefusal(DateTime RetryAt, bool AccountLocked)
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>Whole seconds to wait from <paramref name="now"/>, at least one (for <c>Retry-After</c>).</summary>
    public int RetryAfterSeconds(DateTime now) => Math.Max(1, (int)Math.Ceiling((RetryAt - now).TotalSeconds));

    /// <summary>What the sign-in form and the API say, in German.</summary>
    public string Message(DateTime now) => AccountLocked
        ? $"Zu viele fehlgeschlagene Anmeldungen: Das Konto ist bis {TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(RetryAt, DateTimeKind.Utc), Berlin).ToString("HH:mm", German.Culture)} Uhr gesperrt. Die Administration kann die Sperre aufheben."
        : $"Zu viele fehlgeschlagene Anmeldungen. Bitte in {RetryAfterSeconds(now).ToString(German.Culture)} Sekunden erneut versuchen.";
}

/// <summary>A subject (account or address) whose sign-ins are held back now, for the administration page.</summary>
public sealed record SignInBlock
{
    public string Subject { get; init; } = "";
    public int Failures { get; init; }
    public DateTime LastFailureAt { get; init; }
    public DateTime BlockedUntil { get; init; }
    public bool Locked { get; init; }

    /// <summary><c>account</c> or <c>address</c>.</summary>
    public string Kind => Subject.StartsWith(SignInThrottle.AccountPrefix, StringComparison.Ordinal) ? "account" : "address";

    /// <summary>The account's name or the address.</summary>
    public string Value => Subject[(Subject.IndexOf(':', StringComparison.Ordinal) + 1)..];
}

/// <summary>
/// Brute-force protection for sign-ins, per account and per client address, kept in the database so that every
/// process of a deployment counts the same attempts. Every attempt counts as failed until its password is found right,
/// so parallel guesses are counted too. After a few free attempts the wait before the next one doubles with each
/// failure; after <see cref="AccountLockAfter"/> failures the account is locked for <see cref="LockDuration"/>
/// (an administrator can lift it). Failures are forgotten <see cref="ForgetAfter"/> after the last one.
/// </summary>
public static class SignInThrottle
{
    public const string AccountPrefix = "account:";
    public const string AddressPrefix = "address:";

    /// <summary>Failed attempts on one account before waits begin (then 1 s, 2 s, 4 s, …).</summary>
    public const int AccountFreeAttempts = 3;

    /// <summary>Failed attempts on one account that lock it for <see cref="LockDuration"/>.</summary>
    public const int AccountLockAfter = 10;

    /// <summary>Failed attempts from one address before waits begin: higher than for an account, since a town hall's users may share one address.</summary>
    public const int AddressFreeAttempts = 20;

    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    public static string AccountSubject(string userName) => AccountPrefix + userName.Trim().ToLowerInvariant();

    public static string AddressSubject(string? address) => AddressPrefix + (string.IsNullOrEmpty(address) ? "unbekannt" : address);

    /// <summary>
    /// Admits one attempt (counting it as failed until <see cref="SignInSucceededAsync"/>), or refuses it while the account or
    /// the address must wait.
    /// </summary>
    public static async Task<SignInRefusal?> AdmitSignInAsync(this Database database, string userName, string? address, DateTime now, CancellationToken cancellationToken = default)
    {
        var account = AccountSubject(userName);
        var from = AddressSubject(address);
        await using var connection = await database.OpenAsync(cancellationToken);
        // The count is compared and swapped: two processes counting the same attempt at once make one of them count again.
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Select, new { Account = account, Address = from }, transaction, cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Subject, StringComparer.Ordinal);
            foreach (var row in rows.Values)
            {
                if (row.BlockedUntil is { } until && until > now) return new SignInRefusal(until, row.Locked && row.Subject == account);
            }
            try
            {
                if (await CountAsync(connection, transaction, rows.GetValueOrDefault(account), account, AccountFreeAttempts, AccountLockAfter, now, cancellationToken)
                    && await CountAsync(connection, transaction, rows.GetValueOrDefault(from), from, AddressFreeAttempts, int.MaxValue, now, cancellationToken))
                {
                    await transaction.CommitAsync(cancellationToken);
                    return null;
                }
            }
            catch (System.Data.Common.DbException) when (attempt < 5)
            {
                // Another process inserted the same subject first.
            }
            await transaction.RollbackAsync(cancellationToken);
            if (attempt >= 5) throw new InvalidOperationException("Der Zähler der Anmeldeversuche ließ sich nicht aktualisieren: zu viele Anmeldungen gleichzeitig.");
        }
    }

    /// <summary>The password was right: the account's failures are forgotten and the address's count loses this attempt.</summary>
    public static async Task SignInSucceededAsync(this Database database, string userName, string? address, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Delete, new { Subject = AccountSubject(userName) }, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(Uncount, new { Subject = AddressSubject(address) }, cancellationToken: cancellationToken));
    }

    /// <summary>Accounts and addresses held back at <paramref name="now"/>, locked accounts first.</summary>
    public static async Task<IReadOnlyList<SignInBlock>> ListBlocksAsync(this Database database, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SignInBlock>(new CommandDefinition(SelectBlocks, new { Now = now }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Lifts a lock or wait (an administrator's decision, recorded in the audit log); false when there was none.</summary>
    public static Task<bool> LiftAsync(this Database database, string subject, string byUser, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var lifted = await connection.ExecuteAsync(new CommandDefinition(Delete, new { Subject = subject }, transaction, cancellationToken: cancellationToken)) > 0;
            if (lifted) await AuditLog.WriteAsync(connection, transaction, byUser, "signin.unlock", "signin", subject, null, null, cancellationToken);
            return lifted;
        }, cancellationToken);

    /// <summary>The wait after <paramref name="failures"/> failed attempts: none while free, then doubling from one second.</summary>
    public static TimeSpan WaitAfter(int failures, int freeAttempts)
    {
        if (failures < freeAttempts) return TimeSpan.Zero;
        var seconds = Math.Pow(2, Math.Min(failures - freeAttempts, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxWait.TotalSeconds));
    }

    /// <summary>Counts one more failure; false when the row changed since it was read.</summary>
    static async Task<bool> CountAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Row? row, string subject,
        int freeAttempts, int lockAfter, DateTime now, CancellationToken cancellationToken)
    {
        var failures = row is null || now - row.LastFailureAt > ForgetAfter ? 1 : row.Failures + 1;
        var locked = failures >= lockAfter;
        var blockedUntil = locked ? now + LockDuration : WaitAfter(failures, freeAttempts) is { TotalSeconds: > 0 } wait ? now + wait : (DateTime?)null;
        var parameters = new { Subject = subject, Failures = failures, Now = now, BlockedUntil = blockedUntil, Locked = locked, Previous = row?.Failures ?? 0 };
        return await connection.ExecuteAsync(new CommandDefinition(row is null ? Insert : Update, parameters, transaction, cancellationToken: cancellationToken)) == 1;
    }

    sealed class Row
    {
        public string Subject { get; init; } = "";
        public int Failures { get; init; }
        public DateTime LastFailureAt { get; init; }
        public DateTime? BlockedUntil { get; init; }
        public bool Locked { get; init; }
    }

    const string Select =
        "SELECT subject AS Subject, failures AS Failures, last_failure_at AS LastFailureAt, blocked_until AS BlockedUntil, locked AS Locked FROM sign_in_throttle WHERE subject IN (@Account, @Address)";

    const string Insert =
        "INSERT INTO sign_in_throttle (subject, failures, last_failure_at, blocked_until, locked) VALUES (@Subject, @Failures, @Now, @BlockedUntil, @Locked)";

    const string Update =
        "UPDATE sign_in_throttle SET failures = @Failures, last_failure_at = @Now, blocked_until = @BlockedUntil, locked = @Locked WHERE subject = @Subject AND failures = @Previous";

    const string Uncount = "UPDATE sign_in_throttle SET failures = failures - 1 WHERE subject = @Subject AND failures > 0";

    const string Delete = "DELETE FROM sign_in_throttle WHERE subject = @Subject";

    const string SelectBlocks =
        """
        SELECT subject AS Subject, failures AS Failures, last_failure_at AS LastFailureAt, blocked_until AS BlockedUntil, locked AS Locked
        FROM sign_in_throttle WHERE blocked_until > @Now ORDER BY locked DESC, blocked_until DESC
        """;
}
