using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Security;

/// <summary>Signs in scripts by <c>Authorization: Bearer mon_…</c>, a revocable token an account created for itself.</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Database database)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var user = await database.FindUserByTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("The token is unknown, revoked or expired.")
            : AuthenticateResult.Success(new AuthenticationTicket(Principals.For(user, SchemeName), SchemeName));
    }
}
