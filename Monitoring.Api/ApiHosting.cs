using System.Text.Json.Serialization;
using Monitoring.Api.Areas;
using Monitoring.Api.Health;
using Monitoring.Core.Storage;

namespace Monitoring.Api;

/// <summary>The API's wiring, used by its own host and by Monitoring.Web.</summary>
public static class ApiHosting
{
    public static IHostApplicationBuilder AddMonitoringApi(this IHostApplicationBuilder builder)
    {
        builder.AddMonitoringStorage();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealth();
        var api = endpoints.MapGroup("/api");
        api.MapAreas();
        return endpoints;
    }
}
