using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitoring.Core.Storage;

/// <summary>Reports the provider, whether the database answers, and its schema version against the expected one.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var expected = Schema.ExpectedVersion(database.Provider);
        var data = new Dictionary<string, object>
        {
            ["provider"] = database.Provider.ToString(),
            ["expectedSchemaVersion"] = expected,
        };
        try
        {
            var version = await Schema.CurrentVersionAsync(database, cancellationToken);
            data["reachable"] = true;
            data["schemaVersion"] = version;
            return version == expected
                ? HealthCheckResult.Healthy("Database reachable, schema current.", data)
                : HealthCheckResult.Unhealthy($"Schema version {version}, expected {expected}.", data: data);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            data["reachable"] = false;
            return HealthCheckResult.Unhealthy("Database not reachable.", ex, data);
        }
    }
}
