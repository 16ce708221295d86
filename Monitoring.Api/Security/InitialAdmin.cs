using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Api.Security;

/// <summary>
/// Creates the first administrator from <c>Auth:InitialAdmin:UserName</c> and <c>Auth:InitialAdmin:Password</c>
/// (environment or user secrets) while there is no account at all; there is never a default password. Without them,
/// the first admin is created once with <c>Monitoring.Ingest users add --role Admin</c>.
/// </summary>
public sealed class InitialAdmin(Database database, IConfiguration configuration, ILogger<InitialAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var userName = configuration["Auth:InitialAdmin:UserName"];
        var password = configuration["Auth:InitialAdmin:Password"];
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) return;
        if (await database.CountUsersAsync(cancellationToken) > 0) return;
        if (UserAccounts.CheckPassword(password) is { Count: > 0 } problems)
        {
            logger.LogError("Auth:InitialAdmin:Password is too weak ({Problems}); no administrator was created.", string.Join("; ", problems));
            return;
        }
        await database.CreateUserAsync(userName, userName, Role.Admin, password, cancellationToken);
        await database.WriteAsync("system", "user.create", "user", userName, null, new { UserName = userName, Role = Role.Admin });
        logger.LogInformation("Created the first administrator {UserName} from configuration.", userName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
