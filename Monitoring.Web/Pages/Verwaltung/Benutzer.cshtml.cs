using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Verwaltung;

/// <summary>User administration for administrators: accounts with their roles, new accounts, role changes, locking, and sign-in locks after failed attempts.</summary>
[Authorize(Policy = "Role:Admin")]
public sealed class BenutzerModel(Database database, UserAdministration users, TimeProvider time) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public IReadOnlyList<SignInBlock> Blocks { get; private set; } = [];

    [BindProperty] public string? NewUserName { get; set; }
    [BindProperty] public string? NewDisplayName { get; set; }
    [BindProperty] public Role NewRole { get; set; } = Role.Viewer;
    [BindProperty] public string? NewPassword { get; set; }

    public IReadOnlyList<string> Messages { get; private set; } = [];

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        Users = await database.ListUsersAsync(cancellationToken);
        Blocks = await database.ListBlocksAsync(time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var result = await users.CreateAsync(User.AuditName(), new NewAccount(NewUserName, NewDisplayName, NewRole, NewPassword), cancellationToken);
        if (result.Succeeded) return RedirectToPage();
        Messages = result.Messages.ToList();
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(int id, Role role, bool disabled, CancellationToken cancellationToken)
    {
        var result = await users.UpdateAsync(User.AuditName(), id, new AccountChange(null, role, disabled, null), cancellationToken);
        if (result.IsNotFound) return NotFound();
        if (result.Succeeded) return RedirectToPage();
        Messages = result.Messages.ToList();
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostLiftAsync(string subject, CancellationToken cancellationToken)
    {
        await database.LiftAsync(subject, User.AuditName(), cancellationToken);
        return RedirectToPage();
    }
}
