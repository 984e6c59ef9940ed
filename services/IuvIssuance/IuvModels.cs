namespace IuvIssuance;

internal sealed record OrganizationRequest(string? SegregationCode, int? AuxDigit, string? ApplicationCode)
{
    public NoticeScheme ToScheme() => new(AuxDigit ?? 3, SegregationCode, ApplicationCode);

    public Dictionary<string, string[]> Validate(string organizationFiscalCode)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ServiceDefaults.Security.OrganizationCode.IsValid(organizationFiscalCode))
            errors["organizationFiscalCode"] = ["an EC fiscal code has 11 digits"];
        var aux = AuxDigit ?? 3;
        if (aux is not (0 or 3))
            errors["auxDigit"] = [$"aux digit must be 3 (segregation code) or 0 (application code); {aux} is not issued (1 and 2 are deprecated)"];
        if (aux == 3 && !IsTwoDigits(SegregationCode))
            errors["segregationCode"] = ["with aux digit 3 the segregation code is required: two digits, 00 to 99"];
        if (aux == 0 && !IsTwoDigits(ApplicationCode))
            errors["applicationCode"] = ["with aux digit 0 the application code is required: two digits, 00 to 99"];
        return errors;
    }

    private static bool IsTwoDigits(string? value) => value is { Length: 2 } && value.All(char.IsAsciiDigit);
}

internal sealed record OrganizationView(string OrganizationFiscalCode, int AuxDigit, string? SegregationCode, string? ApplicationCode, DateTimeOffset UpdatedAt)
{
    public static OrganizationView From(IssuingOrganization o) =>
        new(o.OrganizationFiscalCode, o.AuxDigit, o.SegregationCode, o.ApplicationCode, o.UpdatedAt);
}

internal sealed record AllocationRequest(int Count);

internal sealed record AllocationResponse(IReadOnlyList<NoticeNumber> Items);

internal sealed record ValidationRequest(string? Iuv, string? Nav);

internal sealed record ValidationResponse(bool Valid, string? Iuv, string? Nav, string? Code, string? Reason);
