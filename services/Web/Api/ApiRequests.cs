using System.Globalization;
using System.Reflection;
using Refit;

namespace Web.Api;

// What the pages send beyond path segments: query objects and bodies, with the APIs' names.

// GPD's list filters (GET …/debtpositions, …/position-counts); unset ones are left out of the query.
public sealed record PositionFilter(
    [property: AliasAs("limit")] int? Limit = null,
    [property: AliasAs("orderby")] string? OrderBy = null,
    [property: AliasAs("ordering")] string? Ordering = null,
    [property: AliasAs("status")] string? Status = null,
    [property: AliasAs("due_date_from")] DateOnly? DueDateFrom = null,
    [property: AliasAs("due_date_to")] DateOnly? DueDateTo = null,
    [property: AliasAs("payment_date_from")] DateOnly? PaymentDateFrom = null,
    [property: AliasAs("payment_date_to")] DateOnly? PaymentDateTo = null)
{
    public static PositionFilter Latest(int limit) => new(limit, "INSERTED_DATE", "DESC");
}

// One key of our search API: exactly one of IUPD, NAV or IUV.
public sealed record PositionKey(
    [property: AliasAs("iupd")] string? Iupd = null,
    [property: AliasAs("nav")] string? Nav = null,
    [property: AliasAs("iuv")] string? Iuv = null)
{
    public static PositionKey Of(string kind, string value) => kind switch
    {
        "iupd" => new(Iupd: value),
        "nav" => new(Nav: value),
        "iuv" => new(Iuv: value),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "iupd, nav or iuv"),
    };
}

public static class PositionVersion
{
    // The If-Match header for a position's version (an entity tag), or none to replace it whatever its version.
    public static string? IfMatch(long? version) => version is { } v ? $"\"{v}\"" : null;
}

public sealed record NewWebhook(string? TargetUrl, string[] EventTypes, string? Description);

public sealed record ReplayFilter(string Status);

// Query values as the APIs read them: days as ISO dates, instants as ISO 8601 with their offset.
internal sealed class GatewayUrlFormatter : DefaultUrlParameterFormatter
{
    public override string? Format(object? value, ICustomAttributeProvider attributeProvider, Type type) => value switch
    {
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToString("O", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => base.Format(value, attributeProvider, type),
    };
}
