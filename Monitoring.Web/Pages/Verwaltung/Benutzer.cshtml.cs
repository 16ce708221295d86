using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Api.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Verwaltung;

/// <summary>User administration for administrators: accounts with their roles, new accounts, role changes, locking.</summary>
[Authorize(Policy = "Role:Admin")]
public sealed class BenutzerModel(Database database) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    [BindProperty] public string? NewUserName { get; set; }
    [BindProperty] public string? NewDisplayName { get; set; }
    [BindProperty] public Role NewRole { get; set; } = Role.Viewer;
    [BindProperty] public string? NewPassword { get; set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await database.ListUsersAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        Users = await database.ListUsersAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(NewUserName) || NewUserName.Length > 100) Message = "Bitte einen Benutzernamen (höchstens 100 Zeichen) angeben.";
        else if (await database.UserNameTakenAsync(NewUserName, cancellationToken)) Message = "Diesen Benutzernamen gibt es schon.";
        else if (UserAccounts.CheckPassword(NewPassword).Count > 0) Message = $"Das Passwort braucht mindestens {UserAccounts.MinimumPasswordLength} Zeichen.";
        if (Message is not null) return Page();

        var user = await database.CreateUserAsync(NewUserName!, string.IsNullOrWhiteSpace(NewDisplayName) ? NewUserName! : NewDisplayName, NewRole, NewPassword!, cancellationToken);
        await database.WriteAsync(User.AuditName(), "user.create", "user", user.UserName, null, user, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangeAsync(int id, Role role, bool disabled, CancellationToken cancellationToken)
    {
        var before = await database.FindUserAsync(id, cancellationToken);
        if (before is null) return NotFound();
        if (await database.WouldLockOutAsync(before, role, disabled, cancellationToken))
        {
            Users = await database.ListUsersAsync(cancellationToken);
            Message = "Die letzte aktive Administration bleibt bestehen.";
            return Page();
        }
        await database.UpdateUserAsync(id, before.DisplayName, role, disabled, null, cancellationToken);
        await database.WriteAsync(User.AuditName(), "user.update", "user", before.UserName, before, await database.FindUserAsync(id, cancellationToken), cancellationToken);
        return RedirectToPage();
    }
}
