using NodeAdapter.Station;
using Contracts.DebtPositions;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

// Rows written before the REST API checked its input: the station still answers XSD-valid SOAP.
public sealed class StoredDataTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    private const long MaxCents = 99_999_999_999;

    [Fact]
    public async Task A_notice_whose_texts_hold_control_characters_is_verified_and_paid_with_them_replaced()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        var option = Positions.Option(iuv, 2_000, [Positions.Transfer(1, 2_000) with
        {
            RemittanceInformation = "TARI\u0001 2026", CompanyName = "Comune\u001F di Demo",
            Metadata = new Dictionary<string, string> { ["capitolo"] = "12\u000B34" },
        }]) with { Description = "TARI\u0002 2026 rata unica" };
        var changed = Positions.Changed("IUPD-" + iuv, 1, "VALID", option);
        changed = changed with { Position = changed.Position with
        {
            CompanyName = "Comune\u0008 di Demo", OfficeName = "Ufficio\u001B Tributi",
            Debtor = changed.Position.Debtor with { FullName = "Mario\u0007 Rossi", City = "Roma\u000C" },
        } };
        await ReadModel.PublishAsync(client, bus, changed);

        var verify = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)));
        Assert.Equal("OK", verify.Outcome);
        Assert.Equal("TARI  2026 rata unica", verify.Value("paymentDescription"));
        Assert.Equal("Comune  di Demo", verify.Value("companyName"));
        foreach (var v2 in new[] { false, true })
        {
            var get = await Soap.PostAsync(client, v2 ? "paGetPaymentV2" : "paGetPayment", Soap.GetPayment(Positions.Nav(iuv), v2));
            Assert.Equal("OK", get.Outcome);
            Assert.Equal("Mario  Rossi", get.Value("data", "debtor", "fullName"));
            Assert.Equal("TARI  2026", get.Value("data", "transferList", "transfer", "remittanceInformation"));
        }
    }

    [Fact]
    public async Task A_text_cut_to_its_XSD_length_never_splits_a_character_in_two()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        // 139 letters then an emoji (two UTF-16 units): a cut at 140 units would leave half of it.
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 1, "VALID",
            Positions.Option(iuv, 2_000) with { Description = new string('a', 139) + "😀 and more" }));

        var verify = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)));

        Assert.Equal(new string('a', 139), verify.Value("paymentDescription"));
    }

    public static TheoryData<string, long[]> AmountsBeyondStAmount => new()
    {
        { "one transfer above 999999999.99", [MaxCents + 1] },
        { "transfers each in range, sum above it", [MaxCents, 1] },
        { "transfers whose sum overflows a long", [long.MaxValue, long.MaxValue] },
        { "a transfer of zero", [0, 2_000] },
        { "a negative transfer", [-500, 2_500] },
    };

    [Theory]
    [MemberData(nameof(AmountsBeyondStAmount))]
    public async Task A_notice_whose_amounts_stAmount_cannot_express_is_refused_with_PAA_SEMANTICA(string why, long[] transfers)
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        var total = unchecked(transfers.Aggregate(0L, (sum, t) => sum + t));
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 1, "VALID",
            Positions.Option(iuv, total, [.. transfers.Select((cents, i) => Positions.Transfer(i + 1, cents))])));

        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv))), Faults.Semantics);
        var get = await Soap.PostAsync(client, "paGetPaymentV2", Soap.GetPayment(Positions.Nav(iuv), v2: true));
        Soap.AssertFault(get, Faults.Semantics);
        Assert.True(get.FaultDescription!.Contains("amount"), why);
    }

    [Fact]
    public async Task A_schedule_step_beyond_stAmount_is_refused_with_PAA_SEMANTICA_not_answered()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 10_000, version: 1));
        await bus.PublishAsync(Positions.Schedule(iuv, 1, Positions.Step(null, null, MaxCents + 1, "increased")));
        await Eventually.TrueAsync(async () => (await ReadModel.NoticeAsync(client, Positions.Nav(iuv)))?.ScheduleVersion == 1,
            TimeSpan.FromSeconds(20), "schedule applied");

        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv))), Faults.Semantics);
        Soap.AssertFault(await Soap.PostAsync(client, "paGetPayment", Soap.GetPayment(Positions.Nav(iuv), v2: false)), Faults.Semantics);
    }

    [Fact]
    public async Task A_receipt_for_a_notice_whose_transfers_overflow_is_still_stored()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 1, "VALID",
            Positions.Option(iuv, 2_000, [Positions.Transfer(1, long.MaxValue), Positions.Transfer(2, long.MaxValue)])));

        var answer = await Soap.PostAsync(client, "paSendRTV2", Soap.SendRTV2("rcpt-overflow-" + iuv, iuv, 2_000));

        Assert.Equal("OK", answer.Outcome);
    }
}
