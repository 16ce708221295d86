namespace Monitoring.Http.Security;

/// <summary>
/// Response headers every page and answer carries: a Content-Security-Policy (the pages load script and styles only
/// from the site itself and run no inline script), no MIME sniffing, no referrer to other sites, no framing by
/// another site. HSTS and the redirect to HTTPS are the host's (<c>UseHsts</c>, <c>UseHttpsRedirection</c>).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Style attributes stay allowed (<c>style-src-attr</c>): the tile map places and colours its tiles with them; they
    /// cannot run script.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The interactive API documentation (Scalar) starts itself with an inline script and inline styles.</summary>
    public const string DocumentationPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/docs") ? DocumentationPolicy : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    });

    /// <summary>
    /// HTTPS redirection and HSTS where the host is served over HTTPS (an https URL, or HTTPS_PORT behind a proxy that
    /// terminates TLS); on plain HTTP (the embedded default on localhost) there is nothing to redirect to.
    /// </summary>
    public static WebApplication UseHttpsWhereServed(this WebApplication app)
    {
        var urls = app.Configuration["urls"] ?? app.Configuration["ASPNETCORE_URLS"] ?? app.Configuration["URLS"] ?? "";
        var https = urls.Contains("https://", StringComparison.OrdinalIgnoreCase)
            || app.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => e["Url"]?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true)
            || !string.IsNullOrEmpty(app.Configuration["HTTPS_PORT"] ?? app.Configuration["ASPNETCORE_HTTPS_PORT"] ?? app.Configuration["HTTPS_PORTS"] ?? app.Configuration["ASPNETCORE_HTTPS_PORTS"]);
        if (!https) return app;
        // HSTS answers only requests that came over HTTPS, and never for localhost.
        app.UseHsts();
        app.UseHttpsRedirection();
        return app;
    }
}
