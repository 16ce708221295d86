using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Accounts;

/// <summary>Sign-in with a local account, the signed-in user, antiforgery tokens and the user's own API tokens.</summary>
public static class AccountEndpoints
{
    public sealed record SignIn([property: Required] string UserName, [property: Required] string Password);

    public sealed record Me(string UserName, string DisplayName, Role Role, bool LocalAccount);

    public sealed record NewToken([property: Required] string Name, DateTime? ExpiresAt);


    public static void MapAccount(this IEndpointRouteBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Account");
        account.MapPost("/login", LoginAsync).AllowAnonymous().DisableAntiforgery();
        account.MapPost("/logout", (Delegate)LogoutAsync).RequireRole(Role.Viewer);
        account.MapGet("/me", (HttpContext http) =>
            http.User.RoleOf() is Role role
                ? Results.Ok(new Me(http.User.AuditName(), http.User.FindFirst(Principals.DisplayNameClaim)?.Value ?? http.User.AuditName(), role, http.User.UserId() is not null))
                : Results.Unauthorized()).AllowAnonymous();
        account.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            TypedResults.Ok(new { header = SecurityHosting.AntiforgeryHeader, token = antiforgery.GetAndStoreTokens(http).RequestToken })).RequireRole(Role.Viewer);
        account.MapGet("/tokens", ListTokensAsync).RequireRole(Role.Viewer);
        account.MapPost("/tokens", CreateTokenAsync).RequireRole(Role.Viewer);
        account.MapDelete("/tokens/{id:int}", RevokeTokenAsync).RequireRole(Role.Viewer);
    }

    static async Task<Results<Ok<Me>, ProblemHttpResult>> LoginAsync(SignIn body, HttpContext http, Database database, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var (user, refusal) = await database.SignInAsync(body.UserName, body.Password, http.Connection.RemoteIpAddress?.ToString(), now, cancellationToken);
        if (refusal is not null)
        {
            http.Response.Headers.RetryAfter = refusal.RetryAfterSeconds(now).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins", detail: refusal.Message(now));
        }
        if (user is null) return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown user name or wrong password",
            detail: "Unbekannter Benutzername oder falsches Passwort.");
        await http.SignInAsync(SecurityHosting.CookieScheme, Principals.For(user, SecurityHosting.CookieScheme));
        return TypedResults.Ok(new Me(user.UserName, user.DisplayName, user.Role, true));
    }

    static async Task<NoContent> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(SecurityHosting.CookieScheme);
        return TypedResults.NoContent();
    }

    static async Task<Results<Ok<IReadOnlyList<ApiToken>>, ProblemHttpResult>> ListTokensAsync(HttpContext http, Database database, CancellationToken cancellationToken) =>
        http.User.UserId() is int id ? TypedResults.Ok(await database.ListTokensAsync(id, cancellationToken)) : LocalOnly();

    static async Task<Results<Created<CreatedToken>, ValidationProblem, ProblemHttpResult>> CreateTokenAsync(NewToken body, HttpContext http, ApiTokenWrites tokens,
        CancellationToken cancellationToken)
    {
        if (http.User.UserId() is not int id) return LocalOnly();
        var result = await tokens.CreateAsync(http.User.AuditName(), id, body.Name, body.ExpiresAt, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/account/tokens/{result.Value!.Token.Id}", result.Value) : result.Problem();
    }

    static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeTokenAsync(int id, HttpContext http, ApiTokenWrites tokens, CancellationToken cancellationToken)
    {
        if (http.User.UserId() is not int user) return LocalOnly();
        return (await tokens.RevokeAsync(http.User.AuditName(), user, id, cancellationToken)).Succeeded ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    static ProblemHttpResult LocalOnly() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "API tokens belong to local accounts",
            detail: "Wer sich über den Identitätsanbieter anmeldet, nutzt für Skripte dessen eigene Mittel; API-Tokens gibt es nur für lokale Konten.");
}
