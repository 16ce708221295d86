using System.Data.Common;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Web;

/// <summary>
/// Whether this installation shows synthetic demo data: then every page says so (Beispieldaten), not only the start
/// page, so that no screenshot of a chart passes for official figures. Every page asks, so the answer is kept for the
/// data version: an import that brings demo data (or the removal of it) shows at the next request.
/// </summary>
public sealed class DemoDataMark(Database database, DataCache cache)
{
    public async Task<bool> ShownAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await cache.GetAsync("demo.shown", async ct => (await database.SourceStatusAsync(ct)).Any(s => s.IsDemo && s.Observations > 0), cancellationToken);
        }
        catch (DbException)
        {
            // The layout of the error page asks too: an unreachable database is reported there, not by this mark.
            return false;
        }
    }
}
