using System.Data.Common;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;

namespace Monitoring.Web;

/// <summary>
/// Whether this installation shows synthetic demo data: then every page says so (Beispieldaten), not only the start
/// page, so that no screenshot of a chart passes for official figures. Every page asks, so the answer is kept for half
/// a minute instead of being read per request; an import that brings demo data (or the removal of it) shows within
/// that time.
/// </summary>
public sealed class DemoDataMark(Database database, TimeProvider time)
{
    static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);

    sealed record Known(bool Shown, DateTimeOffset Until);

    volatile Known? known;

    public async Task<bool> ShownAsync(CancellationToken cancellationToken = default)
    {
        var k = known;
        if (k is not null && time.GetUtcNow() < k.Until) return k.Shown;
        bool shown;
        try
        {
            shown = (await database.SourceStatusAsync(cancellationToken)).Any(s => s.IsDemo && s.Observations > 0);
        }
        catch (DbException)
        {
            // The layout of the error page asks too: an unreachable database is reported there, not by this mark.
            return k?.Shown ?? false;
        }
        known = new Known(shown, time.GetUtcNow() + Keep);
        return shown;
    }
}
