using Monitoring.Http.Accounts;

using Monitoring.Http.Areas;
using Monitoring.Http.Goals;
using Monitoring.Http.Health;
using Monitoring.Http.Indicators;
using Monitoring.Http.Observations;
using Monitoring.Http.PeerGroups;
using Monitoring.Http.Reports;
using Monitoring.Http.Security;
using Monitoring.Http.Sources;
using Monitoring.Core.Storage;
using Monitoring.Ingestion;
using Scalar.AspNetCore;

namespace Monitoring.Http;

/// <summary>The API's wiring, used by its own host and by Monitoring.Web.</summary>
public static class ApiHosting
{
    public static IHostApplicationBuilder AddMonitoringApi(this IHostApplicationBuilder builder)
    {
        builder.AddMonitoringStorage();
        builder.AddMonitoringIngest();
        builder.AddMonitoringSecurity();
        builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = SourceEndpoints.DefaultMaxUploadBytes + 1024 * 1024);
        builder.Services.AddProblemDetails();
        builder.AddBindingErrors();
        builder.Services.AddSingleton<ChartCache>();
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Integrationsmonitoring API";
            document.Info.Description = "Gebiete, Indikatoren, Werte, Ziele, Datenquellen und Importe des Integrationsmonitorings. " +
                "Anmeldung mit einem Cookie (POST /api/account/login) oder mit einem API-Token als „Authorization: Bearer …“.";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(o => Core.StoredJson.Configure(o.SerializerOptions));
        return builder;
    }

    /// <summary>Maps the API; the host adds <c>UseAuthentication</c> and <c>UseAuthorization</c> (the minimal hosting model does it by itself).</summary>
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealth();
        endpoints.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapScalarApiReference("/api/docs", o => o.WithTitle("Integrationsmonitoring API").WithOpenApiRoutePattern("/api/openapi/{documentName}.json")).AllowAnonymous();
        var api = endpoints.MapGroup("/api").RequireAuthorization(SecurityHosting.ReadPolicy);
        api.MapAccount();
        api.MapUsers();
        api.MapAreas();
        api.MapIndicators();
        api.MapGoals();
        api.MapSources();
        api.MapObservations();
        api.MapPeerGroups();
        api.MapReports();
        return endpoints;
    }
}
