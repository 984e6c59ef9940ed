using Contracts.DebtPositions;
using IuvIssuance.Notices;
using Xunit;
using static IuvIssuance.Tests.Positions;

namespace IuvIssuance.Tests;

// The Poste bollettino's data, before any drawing: which notices get one, and the DataMatrix text (docs/pagopa-notice.md).
public sealed class PostalSlipTests
{
    // pagopa/io-app's own decoder test sample (ts/utils/__tests__/payment.test.ts): the fields up to the debtor's name.
    private const string IoAppSamplePrefix = "codfase=NBPA;183007157000000000321200001630209310000000000138961P100085240950BSCMTT83A12L719R";

    [Fact]
    public void The_DataMatrix_text_has_each_field_where_pagoPA_s_generator_writes_it_and_the_IO_app_reads_it()
    {
        var text = PostalSlip.DataMatrixPayload("300715700000000032", "16302093", 1, "00085240950", "BSCMTT83A12L719R", "Name Surname", "test");

        Assert.Equal(256, text.Length);
        Assert.StartsWith(IoAppSamplePrefix, text, StringComparison.Ordinal);
        Assert.Equal("Name Surname".PadRight(40), text[93..133]);
        Assert.Equal("test".PadRight(110), text[133..243]);
        Assert.Equal(new string(' ', 12) + "A", text[243..]);
        // The IO app's decodePosteDataMatrix reads exactly these slices.
        Assert.Equal(("300715700000000032", "0000000001", "00085240950"), (text[15..33], text[49..59], text[66..77]));
    }

    [Fact]
    public void Long_or_accented_free_text_is_cut_to_its_width_in_plain_ASCII_so_every_later_field_keeps_its_position()
    {
        var name = "Niccolò Dell’Acqua Àlvarez de la Peña y Castiglione";
        var subject = "TARI 2026 – Tassa rifiuti, saldo dell'anno con conguaglio delle rate già versate e interessi per il ritardato pagamento";

        var text = PostalSlip.DataMatrixPayload(NewNav(), "12345678", 123_456, Ec, "RSSMRA80A01H501U", name, subject);

        Assert.Equal(256, text.Length);
        Assert.True(text.All(c => c is >= ' ' and <= '~'), text);
        Assert.Equal("Niccolo Dell'Acqua Alvarez de la Pena y ", text[93..133]);
        Assert.Equal("TARI 2026   Tassa rifiuti, saldo dell'anno con conguaglio delle rate gia versate e interessi per il ritardato ",
            text[133..243]);
        Assert.EndsWith(new string(' ', 12) + "A", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "IT60X0542811101000000123456", null)]
    [InlineData("IT60X0760103200000012345678", "IT60X0542811101000000123456", "000012345678")]
    [InlineData(null, "IT60X0760103200000012345678", "000012345678")]
    [InlineData("it60 x076 0103 2000 0001 2345 678", null, "000012345678")]
    [InlineData("IT60X0542811101000000123456", null, null)]
    [InlineData("DE89370400440532013000", null, null)]
    public void A_transfer_goes_to_a_postal_account_through_a_postal_IBAN_or_an_IBAN_of_Poste_and_the_account_is_its_last_12_digits(
        string? postalIban, string? iban, string? account) =>
        Assert.Equal(account, PostalSlip.PostalAccount(Transfer(1, Ec, iban, postalIban)));

    [Fact]
    public void The_bollettino_names_the_EC_s_own_postal_account_before_a_co_beneficiary_s_and_is_left_out_without_one()
    {
        var nav = NewNav();
        var shared = Option(nav, 10_000, new DateOnly(2026, 6, 30)) with
        {
            Transfers = [Transfer(1, "99999999999", null, "IT60X0760103200000099999999"), Transfer(2, Ec, null, "IT60X0760103200000012345678")],
        };
        var bankOnly = Option(NewNav(), 10_000, new DateOnly(2026, 6, 30));

        var pages = NoticePages.Build(Changed("P-POSTE-1", 1, "VALID", shared, bankOnly).Position, NoticeTemplate.Default(Ec));

        var slip = Assert.Single(pages, p => p.Nav == nav).Postal;
        Assert.NotNull(slip);
        Assert.Equal("000012345678", slip.AccountNumber);
        Assert.Equal("Comune di Demo", slip.AccountHolder);
        Assert.Equal(nav, slip.DataMatrix[15..33]);
        Assert.Null(Assert.Single(pages, p => p.Nav != nav).Postal);
    }

    private static TransferSnapshot Transfer(int id, string organization, string? iban, string? postalIban) =>
        new(id, 5_000, organization, organization == Ec ? "Comune di Demo" : "Provincia di Prova", "TARI 2026", "9/0101108TS/",
            iban, postalIban, null, new Dictionary<string, string>());
}
