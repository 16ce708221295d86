
namespace Monitoring.Tests.Hosting;

/// <summary>A clock that stands still until a test moves it: waits and lifetimes are tested without sleeping.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
