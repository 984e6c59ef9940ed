using NodeAdapter.Station;
using Contracts.Actualisation;
using NodeAdapter.Soap;
using Testing;
using Xunit;

namespace NodeAdapter.Tests;

public sealed class VerifyAndGetPaymentTests(NodeAdapterApp app) : IClassFixture<NodeAdapterApp>
{
    private static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).DateTime);

    [Fact]
    public async Task Verify_answers_OK_with_the_option_amount_when_no_schedule_has_arrived()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 12_050));

        var answer = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)));

        Assert.Equal("OK", answer.Outcome);
        Assert.Equal("120.50", answer.Value("paymentList", "paymentOptionDescription", "amount"));
        Assert.Equal("EQ", answer.Value("paymentList", "paymentOptionDescription", "options"));
        Assert.Equal("false", answer.Value("paymentList", "paymentOptionDescription", "allCCP"));
        Assert.Equal("2026-11-30", answer.Value("paymentList", "paymentOptionDescription", "dueDate"));
        Assert.Equal("Comune di Demo", answer.Value("companyName"));
        Assert.Equal(NodeAdapterApp.Organization, answer.Value("fiscalCodePA"));
    }

    [Fact]
    public async Task Verify_and_get_payment_answer_the_schedule_step_containing_today_and_ignore_a_stale_schedule()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 10_000, version: 2));
        await ReadModel.PublishAsync(client, bus, Positions.Schedule(iuv, 2,
            Positions.Step(null, Today.AddDays(-1), 7_000, "reduced-30"),
            Positions.Step(Today, Today.AddDays(10), 10_000),
            Positions.Step(Today.AddDays(11), null, 13_000, "increased")), dueTodayCents: 10_000);
        // An older schedule arriving late changes nothing (highest version wins).
        var stale = Guid.NewGuid();
        await bus.PublishAsync(Positions.Schedule(iuv, 1, Positions.Step(null, null, 1_000, "constant")), stale);
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM node_adapter.inbox_messages WHERE message_id = '{stale}'") == 1, TimeSpan.FromSeconds(20), "stale schedule consumed");

        Assert.Equal("100.00", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv))))
            .Value("paymentList", "paymentOptionDescription", "amount"));

        await ReadModel.PublishAsync(client, bus, Positions.Schedule(iuv, 2,
            Positions.Step(null, Today, 8_000, "reduced-30"), Positions.Step(Today.AddDays(1), null, 10_000)), dueTodayCents: 8_000);
        var get = await Soap.PostAsync(client, "paGetPaymentV2", Soap.GetPayment(Positions.Nav(iuv), v2: true));
        Assert.Equal("80.00", get.Value("data", "paymentAmount"));
        Assert.Equal("80.00", get.Value("data", "transferList", "transfer", "transferAmount"));

        // The position's amount changes (version 3): the schedule of version 2 is stale until recomputed.
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 20_000, version: 3));
        var afterUpdate = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)));
        Assert.Equal("200.00", afterUpdate.Value("paymentList", "paymentOptionDescription", "amount"));
    }

    [Fact]
    public async Task A_schedule_of_the_same_version_computed_earlier_and_delivered_late_leaves_the_later_amount_due()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(iuv, 10_000, version: 2));
        var recomputedAt = DateTimeOffset.UtcNow;
        // Recomputed today for the unchanged position (a new day's step): same version 2, computed later.
        await ReadModel.PublishAsync(client, bus, Positions.Schedule(iuv, 2, Positions.Step(null, null, 11_000, "increased"))
            with { OccurredAt = recomputedAt }, dueTodayCents: 11_000);
        // Yesterday's computation of the same version, redelivered after it.
        var late = Guid.NewGuid();
        await bus.PublishAsync(Positions.Schedule(iuv, 2, Positions.Step(null, null, 10_000)) with { OccurredAt = recomputedAt.AddDays(-1) }, late);
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM node_adapter.inbox_messages WHERE message_id = '{late}'") == 1, TimeSpan.FromSeconds(20), "late schedule consumed");

        Assert.Equal(11_000, (await ReadModel.NoticeAsync(client, Positions.Nav(iuv)))?.AmountDueTodayCents);
        Assert.Equal("110.00", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv))))
            .Value("paymentList", "paymentOptionDescription", "amount"));
    }

    [Fact]
    public async Task GetPaymentV2_answers_every_transfer_with_companyName_and_an_amount_equal_to_their_sum()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        var stamp = new Contracts.DebtPositions.StampSnapshot("cXVlc3RvIMOoIHVuIGhhc2ggZGkgZG9jdW1lbnRv", "01", "RM");
        var option = Positions.Option(iuv, 11_600,
        [
            Positions.Transfer(1, 10_000),
            Positions.Transfer(2, 1_600, iban: null, stamp: stamp, organization: NodeAdapterApp.SecondOrganization),
        ]) with { RetentionDate = new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero) };
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 1, "VALID", option));

        var answer = await Soap.PostAsync(client, "paGetPaymentV2", Soap.GetPayment(Positions.Nav(iuv), v2: true));

        Assert.Equal("OK", answer.Outcome);
        var data = answer.Body.Element("data")!;
        Assert.Equal(iuv, data.Element("creditorReferenceId")!.Value);
        Assert.Equal("116.00", data.Element("paymentAmount")!.Value);
        Assert.Equal("Comune di Demo", data.Element("companyName")!.Value);
        Assert.Equal("RSSMRA80A01H501U", answer.Value("data", "debtor", "uniqueIdentifier", "entityUniqueIdentifierValue"));
        var transfers = data.Element("transferList")!.Elements("transfer").ToList();
        Assert.Equal(2, transfers.Count);
        Assert.Equal(Positions.Iban, transfers[0].Element("IBAN")!.Value);
        Assert.Equal("Comune di Demo", transfers[0].Element("companyName")!.Value);
        Assert.Equal("01", transfers[1].Element("richiestaMarcaDaBollo")!.Element("tipoBollo")!.Value);
        Assert.Equal(11_600, transfers.Sum(t => SoapText.Cents(t.Element("transferAmount")!.Value)));
        Assert.Equal("2026-02-01T00:00:00", data.Element("retentionDate")!.Value); // Italian wall-clock time
        Assert.Equal(("anno", "2026"), (answer.Value("data", "metadata", "mapEntry", "key"), answer.Value("data", "metadata", "mapEntry", "value")));
        Assert.Equal("capitolo", transfers[0].Element("metadata")!.Element("mapEntry")!.Element("key")!.Value);

        // V1 cannot carry a digital stamp: a precise semantic fault instead of a wrong answer.
        Soap.AssertFault(await Soap.PostAsync(client, "paGetPayment", Soap.GetPayment(Positions.Nav(iuv), v2: false)), Faults.Semantics);
    }

    [Fact]
    public async Task GetPayment_V1_with_transferType_POSTAL_answers_the_postal_iban_and_allCCP_is_true()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 1, "VALID",
            Positions.Option(iuv, 5_000, [Positions.Transfer(1, 5_000, postalIban: Positions.PostalIban)])));

        var postal = await Soap.PostAsync(client, "paGetPayment", Soap.GetPayment(Positions.Nav(iuv), v2: false, transferType: "POSTAL"));
        var ordinary = await Soap.PostAsync(client, "paGetPayment", Soap.GetPayment(Positions.Nav(iuv), v2: false, transferType: "PAGOPA"));
        var verify = await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv)));

        Assert.Equal(Positions.PostalIban, postal.Value("data", "transferList", "transfer", "IBAN"));
        Assert.Equal(Positions.Iban, ordinary.Value("data", "transferList", "transfer", "IBAN"));
        Assert.Equal("true", verify.Value("paymentList", "paymentOptionDescription", "allCCP"));
    }

    [Theory]
    [InlineData("DRAFT", "PO_UNPAID", Faults.PaymentUnknown)]
    [InlineData("PUBLISHED", "PO_UNPAID", Faults.PaymentUnknown)]
    [InlineData("EXPIRED", "PO_UNPAID", Faults.PaymentExpired)]
    [InlineData("INVALID", "PO_UNPAID", Faults.PaymentCancelled)]
    [InlineData("PAID", "PO_PAID", Faults.PaymentDuplicated)]
    [InlineData("REPORTED", "PO_REPORTED", Faults.PaymentDuplicated)]
    [InlineData("PARTIALLY_PAID", "PO_PAID", Faults.PaymentDuplicated)]
    public async Task Each_position_status_that_cannot_be_paid_is_answered_with_its_fault(string status, string optionStatus, string fault)
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 1, status, Positions.Option(iuv, 1_000, status: optionStatus)));

        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv))), fault);
        Soap.AssertFault(await Soap.PostAsync(client, "paGetPaymentV2", Soap.GetPayment(Positions.Nav(iuv), v2: true)), fault);
    }

    [Fact]
    public async Task A_notice_is_found_by_the_IUV_inside_its_NAV_and_only_by_its_own_NAV()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        // Aux digit 0: the NAV is 0, the application code, then a 15-digit IUV.
        var iuv15 = Positions.NewIuv()[2..];
        var aux0 = Positions.Valid(iuv15, 3_300);
        var option = aux0.Position.Options[0] with { Nav = "012" + iuv15 };
        await ReadModel.PublishAsync(client, bus, aux0 with { Position = aux0.Position with { Options = [option] } });
        var aux3 = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Valid(aux3, 4_400));

        Assert.Equal("33.00", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify("012" + iuv15)))
            .Value("paymentList", "paymentOptionDescription", "amount"));
        Assert.Equal("44.00", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify("3" + aux3)))
            .Value("paymentList", "paymentOptionDescription", "amount"));
        // The same IUVs behind another aux digit or application code are other notice numbers, which nobody issued.
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify("013" + iuv15)), Faults.PaymentUnknown);
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify("1" + aux3)), Faults.PaymentUnknown);
        Soap.AssertFault(await Soap.PostAsync(client, "paGetPayment", Soap.GetPayment("2" + aux3, v2: false)), Faults.PaymentUnknown);
    }

    [Fact]
    public async Task Unknown_notices_and_the_stand_in_probe_are_PAA_PAGAMENTO_SCONOSCIUTO()
    {
        var client = app.CreateClient();
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify("301999999999999999")), Faults.PaymentUnknown);
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify("000000000000000000")), Faults.PaymentUnknown);
        Soap.AssertFault(await Soap.PostAsync(client, "paGetPayment", Soap.GetPayment("000000000000000000", v2: false)), Faults.PaymentUnknown);
    }

    [Fact]
    public async Task An_older_version_arriving_after_a_newer_one_changes_nothing()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var iuv = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-" + iuv, 5, "PAID", Positions.Option(iuv, 1_000, status: "PO_PAID")));
        var stale = Guid.NewGuid();
        await bus.PublishAsync(Positions.Valid(iuv, 1_000, version: 4), stale);
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM node_adapter.inbox_messages WHERE message_id = '{stale}'") == 1, TimeSpan.FromSeconds(20), "stale version consumed");

        var notice = await ReadModel.NoticeAsync(client, Positions.Nav(iuv));
        Assert.Equal(5, notice!.PositionVersion);
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(iuv))), Faults.PaymentDuplicated);
    }

    [Fact]
    public async Task A_notice_not_yet_valid_is_unknown_and_an_option_dropped_by_a_newer_version_is_no_longer_payable()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (first, second) = (Positions.NewIuv(), Positions.NewIuv());
        var future = Positions.Changed("IUPD-F" + first, 1, "VALID", Positions.Option(first, 1_000));
        future = future with { Position = future.Position with { ValidityDate = DateTimeOffset.UtcNow.AddDays(3) } };
        await ReadModel.PublishAsync(client, bus, future);
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(first))), Faults.PaymentUnknown);

        var dropped = Positions.NewIuv();
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-T" + second, 1, "VALID", Positions.Option(second, 1_000), Positions.Option(dropped, 1_000)));
        await ReadModel.PublishAsync(client, bus, Positions.Changed("IUPD-T" + second, 2, "VALID", Positions.Option(second, 1_000)));
        Assert.Equal("OK", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(second)))).Outcome);
        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(dropped))), Faults.PaymentUnknown);
    }

    [Fact]
    public async Task An_older_version_arriving_late_cannot_make_payable_an_option_the_newer_version_replaced()
    {
        var client = app.CreateClient();
        await using var bus = await TestBus.StartAsync(app.VirtualHost.AmqpUri);
        var (replaced, current) = (Positions.NewIuv(), Positions.NewIuv());
        var iupd = "IUPD-R" + replaced;
        await ReadModel.PublishAsync(client, bus, Positions.Changed(iupd, 3, "VALID", Positions.Option(current, 2_000)));
        var stale = Guid.NewGuid();
        await bus.PublishAsync(Positions.Changed(iupd, 2, "VALID", Positions.Option(replaced, 1_000)), stale);
        await Eventually.TrueAsync(async () => await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM node_adapter.inbox_messages WHERE message_id = '{stale}'") == 1, TimeSpan.FromSeconds(20), "stale version consumed");

        Soap.AssertFault(await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(replaced))), Faults.PaymentUnknown);
        Assert.Equal((3, "WITHDRAWN"), ((await ReadModel.NoticeAsync(client, Positions.Nav(replaced)))!.PositionVersion,
            (await ReadModel.NoticeAsync(client, Positions.Nav(replaced)))!.PositionStatus));
        Assert.Equal("OK", (await Soap.PostAsync(client, "paVerifyPaymentNotice", Soap.Verify(Positions.Nav(current)))).Outcome);
    }
}
