using Xunit;

namespace IuvIssuance.Tests;

// The AgID arithmetic on the worked examples of NOTES §1.
public sealed class NoticeNumberTests
{
    [Theory]
    [InlineData("312210209926737900", "12")] // IUV of the official FdR example
    [InlineData("347164993070184562", "47")] // GPD performance-test notice
    public void Official_notice_numbers_with_aux_digit_3_are_valid(string nav, string segregationCode)
    {
        var result = NoticeNumbers.Validate(new NoticeScheme(3, segregationCode, null), null, nav);

        Assert.True(result.Valid, result.Reason);
        Assert.Equal(nav[1..], result.Iuv);
        Assert.Equal(nav, result.Nav);
    }

    [Fact]
    public void The_SANP_documentation_example_has_a_wrong_check_digit()
    {
        var result = NoticeNumbers.Validate(new NoticeScheme(3, "11", null), null, "311111111112222222");

        Assert.False(result.Valid);
        Assert.Equal("check-digit", result.Code);
        Assert.Contains("= 47", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Aux_digit_0_puts_the_application_code_in_the_NAV_and_not_in_the_IUV()
    {
        var number = NoticeNumbers.Build(new NoticeScheme(0, null, "01"), 1);

        Assert.Equal("001000000000000141", number.Nav);
        Assert.Equal("000000000000141", number.Iuv);
    }

    [Fact]
    public void Aux_digit_3_builds_segregation_base_and_check_digit()
    {
        var number = NoticeNumbers.Build(new NoticeScheme(3, "12", null), 2102099267379);

        Assert.Equal("12210209926737900", number.Iuv);
        Assert.Equal("312210209926737900", number.Nav);
    }

    [Theory]
    [InlineData(null, "31221020992673790", "length")]
    [InlineData(null, "31221020992673790A", "digits")]
    [InlineData(null, "012210209926737900", "aux-digit")]
    [InlineData("1221020992673790", null, "length")]
    [InlineData("1221020992673790X", null, "digits")]
    [InlineData("01210209926737900", null, "segregation-code")]
    [InlineData("12210209926737901", null, "check-digit")]
    public void Each_broken_rule_is_named(string? iuv, string? nav, string code)
    {
        var result = NoticeNumbers.Validate(new NoticeScheme(3, "12", null), iuv, nav);

        Assert.False(result.Valid);
        Assert.Equal(code, result.Code);
    }

    [Fact]
    public void An_aux_0_NAV_with_another_application_code_is_rejected()
    {
        var result = NoticeNumbers.Validate(new NoticeScheme(0, null, "02"), null, "001000000000000141");

        Assert.Equal("application-code", result.Code);
    }
}
