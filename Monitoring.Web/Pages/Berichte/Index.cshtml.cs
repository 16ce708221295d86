using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Reports;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Berichte;

/// <summary>The committee reports: published ones for everyone who may read, drafts as well for the Editors.</summary>
public sealed class IndexModel(Database database) : PageModel
{
    public IReadOnlyList<ReportRow> Reports { get; private set; } = [];

    public bool CanEdit => User.RoleOf() >= Role.Editor;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Reports = await database.ListVisibleReportsAsync(CanEdit, cancellationToken);
    }
}
