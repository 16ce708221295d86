using Monitoring.Core.Observations;

namespace Monitoring.Tests.Core.Observations;

public sealed class OfficialValueTests
{
    [Theory]
    [InlineData("1.234,5", 1234.5)]
    [InlineData("102345", 102345)]
    [InlineData("1.234.567", 1234567)]
    [InlineData("35747,85", 35747.85)]
    [InlineData("0", 0)]
    [InlineData("-12,5", -12.5)]
    [InlineData("  7 ", 7)]
    public void German_numbers(string cell, double expected)
    {
        Assert.True(OfficialValue.TryParse(cell, NumberFormat.German, out var value, out _));
        Assert.Equal((decimal)expected, value.Value);
        Assert.Equal(QualityFlags.None, value.Flags);
    }

    [Theory]
    [InlineData("1,234.5", 1234.5)]
    [InlineData("101.2", 101.2)]
    [InlineData("1,234,567", 1234567)]
    public void English_numbers(string cell, double expected)
    {
        Assert.True(OfficialValue.TryParse(cell, NumberFormat.English, out var value, out _));
        Assert.Equal((decimal)expected, value.Value);
    }

    [Theory]
    [InlineData("1.5")]        // English decimal in a German file: never 15
    [InlineData("1.23,4")]     // broken grouping
    [InlineData("12.34.567")]
    [InlineData("1,2,3")]
    [InlineData("12,")]
    [InlineData("abc")]
    [InlineData("1 234")]
    [InlineData("0x1F")]
    [InlineData("")]
    [InlineData("()")]
    public void Anything_else_is_rejected_with_what_was_expected(string cell)
    {
        Assert.False(OfficialValue.TryParse(cell, NumberFormat.German, out _, out var error));
        Assert.Contains("erwartet wird eine Zahl", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-", 0d, QualityFlags.ExactlyZero)]
    [InlineData(".", null, QualityFlags.Secret)]
    [InlineData("...", null, QualityFlags.Later)]
    [InlineData("/", null, QualityFlags.Unreliable)]
    [InlineData("x", null, QualityFlags.NotMeaningful)]
    [InlineData("X", null, QualityFlags.NotMeaningful)]
    [InlineData("(123)", 123d, QualityFlags.LimitedReliability)]
    [InlineData("(1.234,5)", 1234.5d, QualityFlags.LimitedReliability)]
    [InlineData("123p", 123d, QualityFlags.Provisional)]
    [InlineData("123 r", 123d, QualityFlags.Revised)]
    [InlineData("4,5s", 4.5d, QualityFlags.Estimated)]
    [InlineData("(12,5)p", 12.5d, QualityFlags.LimitedReliability | QualityFlags.Provisional)]
    [InlineData("|2.345", 2345d, QualityFlags.SeriesBreak)]
    [InlineData("2.345|", 2345d, QualityFlags.SeriesBreak)]
    [InlineData("-p", 0d, QualityFlags.ExactlyZero | QualityFlags.Provisional)]
    public void Official_symbols_become_flags_never_silent_zeros(string cell, double? expected, QualityFlags flags)
    {
        Assert.True(OfficialValue.TryParse(cell, NumberFormat.German, out var value, out var error), error);
        Assert.Equal(expected is null ? null : (decimal)expected, value.Value);
        Assert.Equal(flags, value.Flags);
    }

    [Theory]
    [InlineData("e", QualityFlags.None)]
    [InlineData("p", QualityFlags.Provisional)]
    [InlineData("", QualityFlags.None)]
    [InlineData("r", QualityFlags.Revised)]
    public void Quality_column_letters(string cell, QualityFlags expected)
    {
        Assert.True(OfficialValue.TryParseQuality(cell, out var flags));
        Assert.Equal(expected, flags);
    }
}
