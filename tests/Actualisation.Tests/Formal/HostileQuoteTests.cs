using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Actualisation.Tests.Formal;

// A quote is a pure computation on hostile input: extremes are answered or refused, never a 500.
public sealed class HostileQuoteTests(ActualisationApp app) : IClassFixture<ActualisationApp>
{
    public static TheoryData<string, string, string> Extremes => new()
    {
        { "FINE-CDS", """{"M":99999999999,"X":99999999999,"K":99999999999,"N":"2026-03-10","surchargeMode":"Started","surchargeCapSemesters":1000,"surchargePercent":100}""", "2099-12-31" },
        { "L689-27", """{"S":99999999999,"E":"1990-01-01","surchargePercent":100}""", "2099-12-31" },
        { "INTEREST", """{"C":99999999999,"D":"2014-01-01","extraPoints":3}""", "2099-12-31" },
        { "TAX-LATE", """{"T":99999999999,"D0":"2014-01-01"}""", "2099-12-31" },
        { "COERCIVE", """{"S":99999999999,"X0":"2014-01-01","moraInterest":true,"earlyDays":3650,"latePercent":100,"lateCapCents":99999999999}""", "2099-12-31" },
        { "INSTALMENT", """{"S0":"1990-01-01","r":100,"instalments":[{"C":99999999999,"D":"2099-12-31"}]}""", "2026-01-01" },
        { "INSTALMENT", """{"S0":"2026-01-01","instalments":{"C":1}}""", "2026-01-01" },
        { "INSTALMENT", """{"S0":"2026-01-01","instalments":[[1,2],"x"]}""", "2026-01-01" },
        { "FINE-CDS", """{"M":{"nested":true},"X":[1],"N":12,"patronSaint":"02-30","surchargeMode":"Sometimes"}""", "2026-03-10" },
        { "INTEREST", """{"C":1,"D":"1900-01-01"}""", "2026-03-10" },
    };

    [Theory]
    [MemberData(nameof(Extremes))]
    public async Task Extreme_or_malformed_inputs_are_answered_or_refused_with_a_problem_never_a_server_error(string rule, string inputs, string paymentDate)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/actualisation/quote",
            new { rule, inputs = JsonDocument.Parse(inputs).RootElement, paymentDate });

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
