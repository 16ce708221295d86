using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Monitoring.Core.Storage;

namespace Monitoring.Api.Exports;

/// <summary>
/// Charts are cached by data version: the newest successful import (every import recomputes what it changed), the
/// newest recorded change (goals, targets, indicators, areas) and the newest peer grouping; all three are primary-key
/// look-ups, where the newest computation time of an indicator would scan its values. A client with the current ETag gets 304 without any drawing; a
/// new client gets the drawn bytes from memory until the data changes. Drawing takes far longer than serving.
/// </summary>
public sealed class ChartCache(Database database)
{
    // Its own cache with a count limit, so that entries of other components never compete with charts.
    readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 2000 });

    /// <summary>How many charts were drawn (not served from memory) since start: the tests check that junk in the address draws nothing.</summary>
    public long Drawn => Interlocked.Read(ref drawn);

    long drawn;

    /// <summary>The version of everything a chart shows, as one short string (the chart itself is named by the cache key).</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var (imported, audit, groups) = await connection.QuerySingleAsync<(string?, long?, long?)>(new CommandDefinition(SelectVersion, cancellationToken: cancellationToken));
        return $"{imported}|{audit}|{groups}";
    }

    /// <summary>Answers from the cache or draws; <paramref name="key"/> names the chart by what it shows (not by the address).</summary>
    public async Task<IResult> ServeAsync(HttpContext http, string key, string contentType, Func<Task<byte[]>> draw, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(cancellationToken);
        var tag = $"\"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(version + "\n" + key)))[..32]}\"";
        http.Response.Headers.ETag = tag;
        http.Response.Headers.CacheControl = "private, no-cache";
        if (http.Request.Headers.IfNoneMatch.Contains(tag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var bytes = await cache.GetOrCreateAsync(tag, async entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            Interlocked.Increment(ref drawn);
            return await draw();
        });
        return TypedResults.Bytes(bytes!, contentType);
    }

    const string SelectVersion =
        """
        SELECT (SELECT CAST(MAX(id) AS VARCHAR(20)) FROM import_runs WHERE status = 'Succeeded'),
               (SELECT MAX(id) FROM audit_log),
               (SELECT MAX(id) FROM peer_groupings)
        """;
}
