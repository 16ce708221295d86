using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Monitoring.Http.Health;

public static class HealthEndpoint
{
    /// <summary><c>/health</c>: 200 when every check is healthy, 503 otherwise, with each check's data as JSON.</summary>
    public static void MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();

    static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString(),
            ["durationMs"] = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
        };
        foreach (var (name, entry) in report.Entries)
        {
            // Exception text can carry server names; the status and data are enough for a probe.
            var check = entry.Data.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
            check["status"] = entry.Status.ToString();
            check["description"] = entry.Description;
            body[name] = check;
        }
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
