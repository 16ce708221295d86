using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Monitoring.Core.Changes;

namespace Monitoring.Http.Indicators;

/// <summary>
/// Charts are cached by the data version (one primary-key read; every write advances it, in whichever process). A
/// client with the current ETag gets 304 without any drawing; a new client gets the drawn bytes from memory until the
/// data changes. Drawing takes far longer than serving. Its own memory with a count limit, since drawn bytes are
/// large and many (every choice of areas is a chart of its own), unlike the entries of the data cache.
/// </summary>
public sealed class ChartCache(DataVersion data)
{
    // Its own cache with a count limit, so that entries of other components never compete with charts.
    readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 2000 });

    /// <summary>How many charts were drawn (not served from memory) since start: the tests check that junk in the address draws nothing.</summary>
    public long Drawn => Interlocked.Read(ref drawn);

    long drawn;

    /// <summary>The version of everything a chart shows, as one short string (the chart itself is named by the cache key).</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken) =>
        (await data.CurrentAsync(cancellationToken)).ToString(System.Globalization.CultureInfo.InvariantCulture);

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
}
