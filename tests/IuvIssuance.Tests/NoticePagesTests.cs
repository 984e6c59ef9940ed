using IuvIssuance.Notices;
using QRCoder;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// What goes on the pages, before any drawing: Italian formats, page order, payability.
public sealed class NoticePagesTests
{
    [Theory]
    [InlineData(123_456, "1.234,56 €")]
    [InlineData(5, "0,05 €")]
    [InlineData(100_000_000, "1.000.000,00 €")]
    [InlineData(99_999_999_999, "999.999.999,99 €")]
    public void Amounts_are_printed_in_euros_the_Italian_way(long cents, string printed) =>
        Assert.Equal(printed, NoticePages.Money(cents));

    [Fact]
    public void The_NAV_is_printed_in_groups_of_four_and_the_QR_payload_follows_the_pagoPA_format()
    {
        Assert.Equal("3010 0000 0000 0001 41", NoticePages.GroupNav("301000000000000141"));
        Assert.Equal("PAGOPA|002|301000000000000141|77777777777|05", NoticePages.QrPayload("301000000000000141", Ec, 5));
        Assert.Equal("09/03/2026", NoticePages.Date(new DateOnly(2026, 3, 9)));
    }

    [Fact]
    public void The_longest_payload_fits_a_version_4_symbol_with_error_correction_M()
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(NoticePages.QrPayload("399999999999999999", "99999999999", 99_999_999_999),
            QRCodeGenerator.ECCLevel.M, requestedVersion: 4);

        Assert.Equal(4, data.Version);
        Assert.Equal(33 + 2 * 4, data.ModuleMatrix.Count); // 33 modules and a 4-module quiet zone on each side
    }

    [Fact]
    public void Paid_instalments_are_left_out_and_the_others_keep_their_number_in_the_plan()
    {
        var (r1, r2, r3) = (NewNav(), NewNav(), NewNav());
        var position = Changed("P-1", 3, "PARTIALLY_PAID",
            Option(r3, 100, new DateOnly(2026, 12, 31), instalment: true),
            Option(r1, 100, new DateOnly(2026, 6, 30), instalment: true, status: "PO_PAID"),
            Option(r2, 100, new DateOnly(2026, 9, 30), instalment: true)).Position;

        var pages = NoticePages.Build(position, NoticeTemplate.Default(Ec));

        Assert.Equal([(r2, "Rata 2 di 3"), (r3, "Rata 3 di 3")], pages.Select(p => (p.Nav, p.InstalmentLabel)));
    }

    [Fact]
    public void A_single_payment_next_to_a_plan_comes_first_and_mentions_the_plan()
    {
        var position = Changed("P-2", 1, "VALID",
            Option(NewNav(), 50_000, new DateOnly(2026, 9, 30), instalment: true),
            Option(NewNav(), 100_000, new DateOnly(2026, 6, 30)),
            Option(NewNav(), 50_000, new DateOnly(2026, 12, 31), instalment: true)).Position;

        var pages = NoticePages.Build(position, NoticeTemplate.Default(Ec));

        Assert.Equal([null, "Rata 1 di 2", "Rata 2 di 2"], pages.Select(p => p.InstalmentLabel));
        Assert.Equal("Puoi pagare anche in 2 rate; 1.000,00 € in totale (pagine successive).", pages[0].PlanSummary);
        Assert.Equal("Mario Rossi", pages[0].DebtorName);
        Assert.Equal("Via Roma 10, 00100 Roma (RM)", pages[0].DebtorAddress);
    }

    [Theory]
    [InlineData("VALID", null)]
    [InlineData("PUBLISHED", null)]
    [InlineData("PARTIALLY_PAID", null)]
    [InlineData("PAID", "already paid")]
    [InlineData("REPORTED", "already paid")]
    [InlineData("INVALID", "invalidated")]
    [InlineData("EXPIRED", "expired")]
    [InlineData("DRAFT", "cannot be paid")]
    public void Only_positions_that_can_still_be_paid_are_printed(string status, string? reason)
    {
        var refusal = NoticePages.Check(Changed("P-3", 1, status, Option(NewNav(), 100, new DateOnly(2026, 6, 30))).Position);

        if (reason is null) Assert.Null(refusal);
        else Assert.Contains(reason, refusal!.Reason, StringComparison.Ordinal);
    }
}
