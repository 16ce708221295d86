using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Indikatoren;

/// <summary>The indicator catalog by field of action.</summary>
public sealed class IndexModel(Database database) : PageModel
{
    public IReadOnlyList<IGrouping<string, Indicator>> Fields { get; private set; } = [];

    /// <summary>The indicators that have computed values; the others are marked "noch keine Werte".</summary>
    public IReadOnlySet<string> WithValues { get; private set; } = new HashSet<string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Fields = (await CatalogStore.LoadAsync(database, cancellationToken)).Indicators
            .GroupBy(i => i.Field).OrderBy(g => g.Key, StringComparer.Create(GermanFormat.Culture, false)).ToList();
        WithValues = await IndicatorInputs.IndicatorsWithValuesAsync(database, cancellationToken);
    }
}
