using Monitoring.Tests.Web.Pages;

namespace Monitoring.Tests.Hosting;

/// <summary>
/// Hangfire keeps its log provider in static state, bound to the host that configured it last. Tests that build
/// Hangfire-using hosts therefore run one after another, never side by side. The page tests share one dashboard host
/// (<see cref="PagesHost"/>), started once for the collection.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HangfireCollection : ICollectionFixture<PagesHost>
{
    public const string Name = "Hangfire (static state)";
}
