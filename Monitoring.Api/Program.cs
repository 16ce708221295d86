using Monitoring.Http;
using Monitoring.Http.Security;
using Monitoring.Core.Storage;

namespace Monitoring.Api;

/// <summary>The API-only host, for deployments that run the API apart from the dashboard and the workers.</summary>
public sealed class Program
{
    public static Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMonitoringApi();

        var app = builder.Build();
        app.LogSecuritySettings();
        app.UseSecurityHeaders();
        app.UseBindingErrors();
        app.UseHttpsWhereServed();
        app.MapMonitoringApi();
        return app.RunMonitoringAsync();
    }
}
