using System.Security.Claims;
using Monitoring.Core.Accounts;

namespace Monitoring.Http.Security;

/// <summary>The claims every sign-in method produces: the account's id (local accounts only), name, display name and role.</summary>
public static class Principals
{
    public const string DisplayNameClaim = "display_name";

    public static ClaimsPrincipal For(User user, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, user.UserName),
        new Claim(DisplayNameClaim, user.DisplayName),
        new Claim(ClaimTypes.Role, user.Role.ToString()),
    ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The highest role the principal holds, or null when signed out or without a known role.</summary>
    public static Role? RoleOf(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated != true ? null
            : principal.FindAll(ClaimTypes.Role).Select(c => Enum.TryParse<Role>(c.Value, ignoreCase: true, out var role) && Enum.IsDefined(role) ? role : (Role?)null)
                .Max();

    /// <summary>The local account's id; null for users from an identity provider.</summary>
    public static int? UserId(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && principal.Identity?.AuthenticationType != SecurityHosting.OidcScheme ? id : null;

    /// <summary>The name recorded in the audit log.</summary>
    public static string AuditName(this ClaimsPrincipal principal) => principal.Identity?.Name ?? "anonymous";
}
