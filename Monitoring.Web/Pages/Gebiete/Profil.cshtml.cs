using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Accounts;
using Monitoring.Core.Profiles;
using Monitoring.Http.Security;

namespace Monitoring.Web.Pages.Gebiete;

/// <summary>One area's profile (<see cref="AreaProfiles"/>): every indicator's latest value, change, rank and peer-group median.</summary>
public sealed class ProfilModel(AreaProfiles profiles, Monitoring.Core.Storage.Database database) : PageModel
{
    /// <summary>The indicator the Gemeinde's own areas are shaded by (<c>?teilgebiete=CODE</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "teilgebiete")] public string? SubAreaIndicator { get; set; }

    /// <summary>A Gemeinde's Sozialräume on their boundaries with one indicator's values, where boundaries were loaded.</summary>
    public SubAreaMap? SubAreas { get; private set; }

    public Area Area { get; private set; } = null!;

    public IReadOnlyList<ProfileRow> Rows { get; private set; } = [];

    /// <summary>The first peers by name; <see cref="PeerCount"/> says how many there are.</summary>
    public IReadOnlyList<Area> Peers { get; private set; } = [];

    public int PeerCount { get; private set; }

    public int? PeerGroup { get; private set; }

    /// <summary>The indicators the grouping was formed on (those with values for nearly every municipality).</summary>
    public IReadOnlyList<string> PeerFeatures { get; private set; } = [];

    public int Siblings { get; private set; }

    /// <summary>The former areas that went into this one (a merger, a Kreis reform), the latest first.</summary>
    public IReadOnlyList<AreaChanges.Former> Predecessors { get; private set; } = [];

    /// <summary>Set when the key is a former area's: the page says when it ended and where it went.</summary>
    public AreaChanges.Former? Former { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        // Small counts of the district's own data are numbers for Analysts only.
        var reveal = User.RoleOf() >= Role.Analyst;
        if (await profiles.ReadAsync(key, cancellationToken, reveal) is not { } profile) return NotFound();
        (Area, Rows, Siblings, Predecessors, PeerGroup, PeerFeatures, PeerCount, Peers, Former) =
            (profile.Area, profile.Rows, profile.Siblings, profile.Predecessors, profile.PeerGroup, profile.PeerFeatures, profile.PeerCount, profile.Peers, profile.Former);
        if (Former is null && Area.Level == AreaLevel.Gemeinde) SubAreas = await SubAreaMap.ReadAsync(database, Area, SubAreaIndicator, reveal, cancellationToken);
        return Page();
    }
}
