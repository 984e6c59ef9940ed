using Reporting.Treasury;
using Xunit;

namespace Reporting.Tests;

// The remittance strings banks really send (RECONCILIATION.md §3.5, verbatim from public tests), and what must be
// read from each.
public sealed class RemittanceTests
{
    [Theory]
    [InlineData("/PUR/LGPE-RIVERSAMENTO/URI/2026-11-20PSPSIM01-0000001", "2026-11-20PSPSIM01-0000001")]
    [InlineData("/PUR/LGPE-RIVERSAMENTO/TXT/1/URI/2026-11-20PSPSIM01-0000001", "2026-11-20PSPSIM01-0000001")]
    [InlineData("ACCREDITI VARI LGPE-RIVERSAMENTO/URI/2023-01-01 ABC123", "2023-01-01ABC123")]
    [InlineData("Data Ordine: 01/01/2020; Descrizione Ordinante: XYZ PRIVATE BANKING SPA :RI3:/PUR/LGPE-RIVERSAMENTO/URI/2024-07-26PPAYITR1XXX-S2024072601 :SEC:CASH :OR1:X", "2024-07-26PPAYITR1XXX-S2024072601")]
    [InlineData("RI1/PUR/LGPE-RIVERSAMENTO/URI/2025-09-23BPPIITRRXXX-000038102790 ACCREDITO BOLLETTINO P.A.", "2025-09-23BPPIITRRXXX-000038102790")]
    [InlineData(" YYY17032021  SisalPay S.p.A. RI1/PUR/LGPE-RIVERSAMENTO/URI/2021-03-17SIGPITM1XXX-S005147952 BONIFICO A VOSTRO FAVORE TRN UNCRITMM 1101210760133349 DA SisalPay S.p.A. PER /PUR/LGPE-RIVERSAMENTO/URI/20 21-03-17SIGPITM1XXX-S005147952", "2021-03-17SIGPITM1XXX-S005147952")]
    [InlineData("BONIFICO PER /PUR/LGPE-RIVERSAMENTO/URI/2021-0 3-17SIGPITM1XXX-S005147952", "2021-03-17SIGPITM1XXX-S005147952")]
    [InlineData("ZZ1000000000000000,00 000000000012931,00EUR ZZ2SATISPAY EUROPE SA ZZ3COMUNE DI BRESCIA /PUR/LGPE-RIVERSAMENTO/URI/2021-07-21SATYLUL1-67394095 /ZZ4/45322700/ZZ4/ ID1FEE73B", "2021-07-21SATYLUL1-67394095")]
    [InlineData("/ZZ2SATISPAY EUROPE SA/ZZ3Comune Dimostrativo/PUR/LGPE-RIVERSAMENTO/URI/2020-11-21GovPAYPsp-1234567890/ZZ4/4184/ZZ4/ID1357a", "2020-11-21GovPAYPsp-1234567890")]
    [InlineData("/PUR/LGPE-RIVERSAMENTO/URI/10c4f341267947eca9f8f6a7a567a414 750b13d3bb4b49b7a99898584b1ad07c /BON.SEPA TRN 1201160260177342 /BEN. EFFETTIVO REGIONE VENETO /ORD.", "10c4f341267947eca9f8f6a7a567a414")]
    [InlineData("/pur/lgpe - riversamento/uri/2026-11-20pspsim01-0000001", "2026-11-20pspsim01-0000001")]
    [InlineData("/PUR/L GPE-RIVERSAMENTO URI 2026-11-20PSPSIM01-0000001", "2026-11-20PSPSIM01-0000001")]
    public void The_flow_id_is_read_from_remittances_as_banks_mangle_them(string remittance, string flowId)
    {
        var reading = Remittance.Read(remittance);
        Assert.Equal(flowId, reading.FlowId);
        Assert.True(reading.LooksPagoPa);
    }

    [Theory]
    [InlineData("/RFS/RF18000000000000001/10.00/TXT/TARI", "RF18000000000000001")]
    [InlineData("/RFB/010000000000010017/25.00", null)]
    [InlineData("/RFB/01000000000001001/25.00", "01000000000001001")]
    [InlineData("BONIFICO /RFS/123456789012345/1.00", "123456789012345")]
    public void A_single_payment_credit_names_its_IUV(string remittance, string? iuv)
    {
        Assert.Equal(iuv, Remittance.Read(remittance).Iuv);
    }

    [Theory]
    [InlineData("/PUR/LGPE-RIVERSAMENTO/URI/2", true)]
    // API#263: the prefix lost and an id longer than an IUF can be: left to an operator.
    [InlineData("CRBIIT2B URI NOT PROVIDED RIVERSAMENTO/URI/2021-09-15ABI06090-CC0ISB2860405020- Mooney S.p.A. DA UNCRITMM", true)]
    [InlineData("Bonifico SEPA Italia a Vs. favore, affitto", false)]
    public void A_truncated_or_foreign_remittance_names_nothing_and_says_whether_it_looks_like_pagoPA(string remittance, bool looksPagoPa)
    {
        var reading = Remittance.Read(remittance);
        Assert.Equal((null, null, looksPagoPa), (reading.FlowId, reading.Iuv, reading.LooksPagoPa));
    }
}
