using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages;

/// <summary>Sign-in with a local account; the form is protected by Razor Pages' antiforgery token.</summary>
[AllowAnonymous]
public sealed class AnmeldenModel(Database database, Microsoft.Extensions.Options.IOptions<AuthOptions> auth, TimeProvider time) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Bitte den Benutzernamen eingeben.")]
    [Display(Name = "Benutzername")]
    public string UserName { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Bitte das Passwort eingeben.")]
    [DataType(DataType.Password)]
    [Display(Name = "Passwort")]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>With an identity provider configured, the page offers its sign-in too.</summary>
    public bool HasIdentityProvider => auth.Value.Oidc.Enabled;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return Page();
        var now = time.GetUtcNow().UtcDateTime;
        var (user, refusal) = await database.SignInAsync(UserName, Password, HttpContext.Connection.RemoteIpAddress?.ToString(), now, cancellationToken);
        if (refusal is not null)
        {
            ModelState.AddModelError(string.Empty, refusal.Message(now));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = refusal.RetryAfterSeconds(now).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }
        if (user is null)
        {
            ModelState.AddModelError(string.Empty, "Benutzername oder Passwort ist falsch.");
            return Page();
        }
        await HttpContext.SignInAsync(SecurityHosting.CookieScheme, Principals.For(user, SecurityHosting.CookieScheme));
        // Only local addresses: a link from elsewhere must not send a fresh sign-in to a foreign site.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    public IActionResult OnPostIdentityProvider() =>
        Challenge(new AuthenticationProperties { RedirectUri = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" }, SecurityHosting.OidcScheme);
}
