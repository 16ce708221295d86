namespace Monitoring.Tests.Hosting;

/// <summary>
/// Hangfire keeps its log provider in static state, bound to the host that configured it last. Tests that build
/// Hangfire-using hosts therefore run one after another, never side by side.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireCollection
{
    public const string Name = "Hangfire (static state)";
}
