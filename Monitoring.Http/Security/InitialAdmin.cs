using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Security;

/// <summary>
/// Creates the first administrator from <c>Auth:InitialAdmin:UserName</c> and <c>Auth:InitialAdmin:Password</c>
/// (environment or user secrets) while there is no account at all; there is never a default password. Without them,
/// the first admin is created once with <c>Monitoring.Ingest users add --role Admin</c>.
/// </summary>
public sealed class InitialAdmin(Database database, UserAdministration users, Microsoft.Extensions.Options.IOptions<AuthOptions> options, ILogger<InitialAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (userName, password) = (options.Value.InitialAdmin.UserName, options.Value.InitialAdmin.Password);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) return;
        if (await database.CountUsersAsync(cancellationToken) > 0) return;
        var result = await users.CreateAsync("system", new NewAccount(userName, userName, Role.Admin, password), cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogError("Auth:InitialAdmin is not usable ({Problems}); no administrator was created.", string.Join(" ", result.Messages));
            return;
        }
        logger.LogInformation("Created the first administrator {UserName} from configuration.", userName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
