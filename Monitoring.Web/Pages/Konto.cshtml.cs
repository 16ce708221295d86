using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Api.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages;

/// <summary>The signed-in user's account: role and API tokens for scripts (a new token is shown once; tokens can be revoked).</summary>
[Authorize(Policy = "Role:Viewer")]
public sealed class KontoModel(Database database) : PageModel
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
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > UserAccounts.MaxTokenNameLength) Message = $"Bitte angeben, wofür der Schlüssel ist (höchstens {UserAccounts.MaxTokenNameLength} Zeichen).";
        else
        {
            var (token, secret) = await database.CreateTokenAsync(id, name, null, cancellationToken);
            await database.WriteAsync(User.AuditName(), "token.create", "token", token.Id.ToString(GermanFormat.Culture), null, token, cancellationToken);
            NewSecret = secret;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int tokenId, CancellationToken cancellationToken)
    {
        if (User.UserId() is not int id) return Forbid();
        if (await database.RevokeTokenAsync(id, tokenId, cancellationToken))
        {
            await database.WriteAsync(User.AuditName(), "token.revoke", "token", tokenId.ToString(GermanFormat.Culture), null, null, cancellationToken);
        }
        return RedirectToPage();
    }
}
