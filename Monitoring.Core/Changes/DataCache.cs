using System.Collections.Concurrent;
using System.Data.Common;

namespace Monitoring.Core.Changes;

/// <summary>
/// The one cache of data read from the database (areas in force, the stored catalog, peer groups and their medians …),
/// one per database and registered in dependency injection. Every entry belongs to the <see cref="DataVersion"/> it was
/// read at; once any process has advanced the version, the next read of an entry reads it again, and all entries of
/// older versions are let go. Each read of an entry costs one primary-key read of the version (about as much as the
/// per-cache stamps it replaces: a MAX over a key, a COUNT over the catalog).
/// </summary>
public sealed class DataCache(DataVersion version)
{
    readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    long newest;

    sealed record Entry(long Version, object Value);

    /// <summary>The entry <paramref name="name"/> as of the current data version, read with <paramref name="load"/> when missing or older.</summary>
    public async Task<T> GetAsync<T>(string name, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken = default) where T : notnull =>
        await GetAsync(name, await version.CurrentAsync(cancellationToken), load, cancellationToken);

    /// <summary>
    /// As <see cref="GetAsync{T}(string, Func{CancellationToken, Task{T}}, CancellationToken)"/>, reading the version on a
    /// connection the caller holds anyway (the hot paths: every page asks for the areas and the catalog), so that the
    /// cache costs one primary-key read and no connection of its own, as the stamps it replaced did.
    /// </summary>
    public async Task<T> GetAsync<T>(string name, DbConnection connection, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken = default) where T : notnull =>
        await GetAsync(name, await DataVersion.CurrentAsync(connection, cancellationToken), load, cancellationToken);

    async Task<T> GetAsync<T>(string name, long current, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken) where T : notnull
    {
        // The version is read before the data: a write that lands while loading makes the next read load again, never the reverse.
        if (entries.TryGetValue(name, out var entry) && entry.Version == current) return (T)entry.Value;
        var seen = Interlocked.Read(ref newest);
        if (current > seen && Interlocked.CompareExchange(ref newest, current, seen) == seen)
        {
            foreach (var old in entries.Where(e => e.Value.Version < current)) entries.TryRemove(old);
        }
        var value = await load(cancellationToken);
        entries[name] = new Entry(current, value);
        return value;
    }

    /// <summary>How many entries are held, for the tests.</summary>
    public int Count => entries.Count;
}
