using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;

namespace Monitoring.Web.Pages;

/// <summary>Signs out (a POST with antiforgery token, so no foreign page can sign a user out).</summary>
[AllowAnonymous]
public sealed class AbmeldenModel : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(SecurityHosting.CookieScheme);
        return RedirectToPage("/Index");
    }
}
