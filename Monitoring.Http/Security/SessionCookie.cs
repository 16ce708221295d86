using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Security;

/// <summary>
/// Ties the sign-in cookie to a session kept on the server (<see cref="Sessions"/>): a session is started when the
/// cookie is issued (local accounts and identity-provider users alike), checked on every request, and ended on sign-out.
/// </summary>
public static class SessionCookie
{
    /// <summary>The claim naming the session.</summary>
    public const string SessionClaim = "monitoring_session";

    public static async Task StartAsync(CookieSigningInContext context, TimeSpan maxLifetime)
    {
        var services = context.HttpContext.RequestServices;
        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        foreach (var old in identity.FindAll(SessionClaim).ToList()) identity.RemoveClaim(old);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var id = await services.GetRequiredService<Database>().StartAsync(context.Principal.UserId(), context.Principal.AuditName(), now, maxLifetime, context.HttpContext.RequestAborted);
        identity.AddClaim(new Claim(SessionClaim, id));
        // A session cookie: closing the browser ends it on the client; the server ends it at the latest after maxLifetime.
        context.Properties.IsPersistent = false;
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var principal = context.Principal;
        if (principal is not null && await services.GetRequiredService<Database>().IsActiveAsync(principal.FindFirstValue(SessionClaim), principal.RoleOf(), now, context.HttpContext.RequestAborted))
        {
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(SecurityHosting.CookieScheme);
    }

    public static Task EndAsync(CookieSigningOutContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<Database>()
            .EndAsync(context.HttpContext.User.FindFirstValue(SessionClaim), "signed out", context.HttpContext.RequestAborted);
}
