using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitoring.Core.Accounts;

namespace Monitoring.Http.Security;

/// <summary>
/// Sign-in and roles. Local accounts sign in with a cookie (the dashboard) and scripts with API tokens; with
/// <c>Auth:Oidc:Authority</c> set, users sign in at the municipality's identity provider (Entra ID, Keycloak, ADFS)
/// and their role comes from a claim. <c>Auth:AllowAnonymousRead</c> lets a deployment publish read access.
/// </summary>
public static class SecurityHosting
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;
    const string Automatic = "Automatic";

    /// <summary>The policy for reading: any role, or anyone when the deployment allows anonymous reading.</summary>
    public const string ReadPolicy = "Read";

    /// <summary>The policy requiring at least <paramref name="role"/>.</summary>
    public static string Policy(Role role) => "Role:" + role;

    public static IHostApplicationBuilder AddMonitoringSecurity(this IHostApplicationBuilder builder)
    {
        var settings = AuthOptions.From(builder.Configuration);
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        var oidc = settings.Oidc;
        var authentication = builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = Automatic;
                o.DefaultChallengeScheme = Automatic;
            })
            // A bearer token means a script; everything else is the browser's cookie.
            .AddPolicyScheme(Automatic, Automatic, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? ApiTokenHandler.SchemeName : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "monitoring.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(settings.SessionHours);
                o.SlidingExpiration = true;
                // The cookie only names a session kept on the server (Core/Accounts/Sessions): signing out, an account
                // change and the absolute lifetime end it for every copy of the cookie, checked on every request.
                var maxLifetime = TimeSpan.FromHours(settings.SessionMaxHours);
                o.Events.OnSigningIn = context => SessionCookie.StartAsync(context, maxLifetime);
                o.Events.OnValidatePrincipal = SessionCookie.ValidateAsync;
                o.Events.OnSigningOut = SessionCookie.EndAsync;
                o.LoginPath = "/Anmelden";
                o.AccessDeniedPath = "/Zugriff-verweigert";
                // The API answers with status codes; only pages redirect to the sign-in form.
                o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
            });
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret; // from the environment or a secret store, never the repository
                o.ResponseType = "code";
                o.SignInScheme = CookieScheme;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = true;
                o.TokenValidationParameters.NameClaimType = oidc.NameClaim;
                o.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
                o.Events.OnTokenValidated = context =>
                {
                    // The provider's groups or app roles (Auth:Oidc:Roles:Analyst = "GT-Integration-Analyse") become the monitoring's roles.
                    var identity = (ClaimsIdentity)context.Principal!.Identity!;
                    var values = identity.FindAll(oidc.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
                    foreach (var role in Enum.GetValues<Role>())
                    {
                        var mapped = oidc.Roles.GetValueOrDefault(role.ToString()) ?? role.ToString();
                        if (values.Contains(mapped)) identity.AddClaim(new Claim(ClaimTypes.Role, role.ToString()));
                    }
                    return Task.CompletedTask;
                };
            });
        }

        var anonymousRead = settings.AllowAnonymousRead;
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireAssertion(c => anonymousRead || c.User.RoleOf() is not null))
            // Every endpoint that names no policy (every dashboard page) is for readers: with anonymous reading off, only
            // the sign-in page, the error pages, static files and /health are open (they allow anonymous access themselves).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAssertion(c => anonymousRead || c.User.RoleOf() is not null).Build())
            .AddPolicy(Policy(Role.Viewer), p => p.RequireAssertion(c => c.User.RoleOf() >= Role.Viewer))
            .AddPolicy(Policy(Role.Editor), p => p.RequireAssertion(c => c.User.RoleOf() >= Role.Editor))
            .AddPolicy(Policy(Role.Analyst), p => p.RequireAssertion(c => c.User.RoleOf() >= Role.Analyst))
            .AddPolicy(Policy(Role.Admin), p => p.RequireAssertion(c => c.User.RoleOf() >= Role.Admin));
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "monitoring.csrf";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddHostedService<InitialAdmin>();
        return builder;
    }

    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Requires at least <paramref name="role"/> for the endpoints, and for writes made with the browser's cookie an
    /// antiforgery token (header <see cref="AntiforgeryHeader"/> or form field): a script's bearer token cannot be sent
    /// by a foreign page, a cookie can.
    /// </summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, Role role) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(Policy(role));
        builder.Add(endpoint => endpoint.Metadata.Add(new RequiredRole(role)));
        builder.AddEndpointFilterFactory((_, next) => async context =>
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                && http.User.Identity?.AuthenticationType is CookieScheme or OidcScheme)
            {
                try
                {
                    await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                        detail: $"Schreibende Anfragen mit dem Anmelde-Cookie des Browsers brauchen im Header {AntiforgeryHeader} das Token von GET /api/account/antiforgery.");
                }
            }
            return await next(context);
        });
        return builder;
    }
}

/// <summary>The role an endpoint requires, as metadata: the tests check every write endpoint against it.</summary>
public sealed record RequiredRole(Role Role);
