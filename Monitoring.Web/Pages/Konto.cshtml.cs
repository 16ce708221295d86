using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages;

/// <summary>The signed-in user's account: role and API tokens for scripts (a new token is shown once; tokens can be revoked).</summary>
[Authorize(Policy = "Role:Viewer")]
public sealed class KontoModel(Database database, ApiTokenWrites tokens) : PageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public string? NewSecret { get; private set; }

    public string? Message { get; private set; }

    public bool LocalAccount => User.UserId() is not null;

    async Task LoadAsync(CancellationToken cancellationToken) =>
        Tokens = User.UserId() is int id ? await database.ListTokensAsync(id, cancellationToken) : [];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken cancellationToken)
    {
        if (User.UserId() is not int id) return Forbid();
        var result = await tokens.CreateAsync(User.AuditName(), id, name, null, cancellationToken);
        if (result.Succeeded) NewSecret = result.Value!.Secret;
        else Message = string.Join(" ", result.Messages);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int tokenId, CancellationToken cancellationToken)
    {
        if (User.UserId() is not int id) return Forbid();
        await tokens.RevokeAsync(User.AuditName(), id, tokenId, cancellationToken);
        return RedirectToPage();
    }
}
