using ServiceDefaults.Persistence;
using Xunit;

namespace ServiceDefaults.Tests;

public sealed class ModelConventionsTests
{
    [Theory]
    [InlineData("OrganizationFiscalCode", "organization_fiscal_code")]
    [InlineData("PK_InboxMessages", "pk_inbox_messages")]
    [InlineData("IX_Items_Name", "ix_items_name")]
    [InlineData("Iuv", "iuv")]
    [InlineData("AmountCents", "amount_cents")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("Step2Value", "step2_value")]
    public void Names_are_mapped_to_snake_case(string name, string expected) =>
        Assert.Equal(expected, ModelConventions.ToSnakeCase(name));
}
