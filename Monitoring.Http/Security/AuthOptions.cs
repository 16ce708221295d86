namespace Monitoring.Http.Security;

/// <summary>
/// The <c>Auth</c> settings, bound in one place: the session lifetimes, anonymous reading, the identity provider and the
/// first administrator. Secrets (<c>Oidc:ClientSecret</c>, <c>InitialAdmin:Password</c>) come from the environment or a
/// secret store, never from the repository.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Hours a session lasts without a request (sliding).</summary>
    public double SessionHours { get; set; } = 8;

    /// <summary>Hours a session lasts at most, however active it is.</summary>
    public double SessionMaxHours { get; set; } = 12;

    /// <summary>Whether the dashboard and the API may be read without signing in.</summary>
    public bool AllowAnonymousRead { get; set; }

    public OidcOptions Oidc { get; set; } = new();

    public InitialAdminOptions InitialAdmin { get; set; } = new();

    /// <summary>The settings as configured; the one binding of the section, for the host's wiring and for DI.</summary>
    public static AuthOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<AuthOptions>() ?? new AuthOptions();

    /// <summary>Sign-in through the district's identity provider (OpenID Connect); off while <see cref="Authority"/> is empty.</summary>
    public sealed class OidcOptions
    {
        public string? Authority { get; set; }
        public string? ClientId { get; set; }
        public string? ClientSecret { get; set; }
        public string NameClaim { get; set; } = "preferred_username";
        public string RoleClaim { get; set; } = "roles";

        /// <summary>The provider's group or app role per role (<c>Auth:Oidc:Roles:Analyst = GT-Integration-Analyse</c>); the role's name where none is given.</summary>
        public Dictionary<string, string> Roles { get; set; } = [];

        public bool Enabled => !string.IsNullOrEmpty(Authority);
    }

    /// <summary>The first administrator, created while there is no account at all.</summary>
    public sealed class InitialAdminOptions
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }
}
