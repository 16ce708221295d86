namespace Monitoring.Ingestion.Imports;

/// <summary>
/// Hands out one string per distinct text. Statistical files repeat the same few thousand codes and labels on every
/// row; looking them up by span instead of allocating each again keeps the reader fast and the garbage collector idle.
/// Bounded: past <see cref="Capacity"/> entries new texts are allocated as usual.
/// </summary>
sealed class StringPool
{
    public const int Capacity = 100_000;

    readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);

    public string Get(ReadOnlySpan<char> text)
    {
        var lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var known)) return known;
        var created = text.ToString();
        if (strings.Count < Capacity) strings[created] = created;
        return created;
    }
}
