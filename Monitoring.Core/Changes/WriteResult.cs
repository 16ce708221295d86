namespace Monitoring.Core.Changes;

/// <summary>How a write ended.</summary>
public enum WriteOutcome { Done, Invalid, NotFound, Conflict }

/// <summary>
/// The outcome of a feature's write, the same for every feature: the stored state, or the problems per field (German,
/// keyed by the field's name in the API), or not found, or a conflict with the stored state (its reason under the key "").
/// </summary>
public sealed record WriteResult<T>(WriteOutcome Outcome, T? Value, IReadOnlyDictionary<string, IReadOnlyList<string>> Errors)
{
    static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> None = new Dictionary<string, IReadOnlyList<string>>();

    public bool Succeeded => Outcome == WriteOutcome.Done;

    public bool IsNotFound => Outcome == WriteOutcome.NotFound;

    /// <summary>Every problem as a sentence, in the order of the fields.</summary>
    public IReadOnlyList<string> Messages => Errors.Values.SelectMany(m => m).ToList();

    public static WriteResult<T> Done(T value) => new(WriteOutcome.Done, value, None);

    public static WriteResult<T> Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(WriteOutcome.Invalid, default, errors.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)[e.Value]));

    public static WriteResult<T> Invalid(IReadOnlyDictionary<string, IReadOnlyList<string>> errors) => new(WriteOutcome.Invalid, default, errors);

    public static WriteResult<T> Invalid(string field, string problem) => Invalid(new Dictionary<string, string> { [field] = problem });

    public static WriteResult<T> Missing { get; } = new(WriteOutcome.NotFound, default, None);

    public static WriteResult<T> Conflict(string reason) => new(WriteOutcome.Conflict, default, new Dictionary<string, IReadOnlyList<string>> { [""] = [reason] });
}
