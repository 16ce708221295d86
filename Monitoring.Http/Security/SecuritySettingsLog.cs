using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Http.Security;

/// <summary>
/// One line at start-up with the settings an operator checks after a deployment (docs/deployment.md): whether reading
/// needs sign-in, where drop folders may lie, and which hosts GENESIS credentials go to (never the credentials).
/// </summary>
public static class SecuritySettingsLog
{
    public static void LogSecuritySettings(this WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var connections = app.Services.GetRequiredService<GenesisConnections>();
        var configured = app.Configuration.GetSection("Genesis:Credentials").GetChildren()
            .Select(c => connections.Find(c.Key) is ({ } connection, _) ? $"{c.Key} → {connection.BaseUrl.Host}{(connection.UserName is null ? " (no credentials)" : "")}" : $"{c.Key} → not usable")
            .ToList();
        app.Logger.LogInformation("Security settings: Auth:AllowAnonymousRead={AnonymousRead}; drop folders below {DropFolderRoot}; GENESIS connections: {Connections}",
            AuthOptions.From(app.Configuration).AllowAnonymousRead, app.Services.GetRequiredService<DropFolders>().Root,
            configured.Count == 0 ? "none configured" : string.Join(", ", configured));
    });
}
