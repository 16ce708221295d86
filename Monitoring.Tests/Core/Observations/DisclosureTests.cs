using Monitoring.Core.Observations;

namespace Monitoring.Tests.Core.Observations;

/// <summary>The one rule for small numbers: secret to all but Analysts, other marks kept.</summary>
public sealed class DisclosureTests
{
    [Fact]
    public void A_small_count_is_secret_unless_revealed_and_keeps_its_other_marks()
    {
        Assert.Equal((null, QualityFlags.Secret | QualityFlags.Provisional), Disclosure.Apply(2, QualityFlags.SmallCount | QualityFlags.Provisional, reveal: false));
        Assert.Equal((2.0, QualityFlags.SmallCount), Disclosure.Apply(2, QualityFlags.SmallCount, reveal: true));
        Assert.Equal((12.0, QualityFlags.None), Disclosure.Apply(12, QualityFlags.None, reveal: false));
        Assert.Equal(".", OfficialFormat.Format(Disclosure.Apply(2, QualityFlags.SmallCount, reveal: false).Value, Disclosure.Apply(2, QualityFlags.SmallCount, reveal: false).Flags, 0));
    }

    [Fact]
    public void The_flag_has_the_value_the_goal_query_filters_by() => Assert.Equal(1024, (int)QualityFlags.SmallCount);
}
