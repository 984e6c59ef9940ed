using ServiceDefaults.Web;

namespace DebtPositions.Validation;

internal static class OptionValidator
{
    public static void Validate(Errors e, string path, OptionDraft o, DateTimeOffset? validityDate, DateTimeOffset now)
    {
        e.Amount($"{path}.amount", o.Amount);
        e.Required($"{path}.description", o.Description, 140);
        if (o.IsPartialPayment is null) e.Add($"{path}.isPartialPayment", "isPartialPayment is required");
        if (o.DueDate is not { } due) e.Add($"{path}.dueDate", "dueDate is required");
        else if (RequestBounds.DayProblem(due) is { } farDue) e.Add($"{path}.dueDate", $"dueDate {farDue}");
        else
        {
            if (due < now) e.Add($"{path}.dueDate", $"the due date {due:O} is already past");
            if (validityDate is { } validity && due < validity) e.Add($"{path}.dueDate", "the due date comes before the position's validity date");
            if (o.RetentionDate is { } retention && retention < due) e.Add($"{path}.retentionDate", "the retention date comes before the due date");
        }
        if (o.RetentionDate is { } kept && RequestBounds.DayProblem(kept) is { } farKept) e.Add($"{path}.retentionDate", $"retentionDate {farKept}");
        if (o.NotificationDate is { } notified && RequestBounds.DayProblem(notified) is { } farNotified)
            e.Add($"{path}.notificationDate", $"notificationDate {farNotified}");
        if (o.Fee is { } fee && RequestBounds.AmountProblem(fee, min: 0) is { } feeProblem) e.Add($"{path}.fee", $"fee {feeProblem}");
        e.Optional($"{path}.actualisationRule", o.ActualisationRule, 64);
        e.Optional($"{path}.paymentPlanId", o.PaymentPlanId, 35);
        if (o.PaymentPlanId is not null && o.IsPartialPayment == false)
            e.Add($"{path}.paymentPlanId", "paymentPlanId groups instalments: it needs isPartialPayment=true");
        e.Metadata($"{path}.paymentOptionMetadata", o.Metadata);
        if (o.Debtor is { } d) PositionValidator.ValidateDebtor(e, $"{path}.debtor.", d);
        ValidateTransfers(e, path, o);
    }

    private static void ValidateTransfers(Errors e, string path, OptionDraft o)
    {
        if (o.Transfers is not { Count: > 0 } transfers)
        {
            e.Add($"{path}.transfer", "at least one transfer is required");
            return;
        }
        if (transfers.Count > 5) e.Add($"{path}.transfer", $"at most 5 transfers per notice, got {transfers.Count}");
        for (var i = 0; i < transfers.Count; i++) Validate(e, $"{path}.transfer[{i}]", transfers[i]);
        foreach (var id in transfers.Where(t => t.IdTransfer is not null).GroupBy(t => t.IdTransfer).Where(g => g.Count() > 1))
            e.Add($"{path}.transfer", $"idTransfer {id.Key} appears more than once");
        // Each amount is bounded (at most 5 of them), so the sum cannot overflow; a sum of unbounded ones is not computed.
        if (o.Amount is { } amount && transfers.All(t => t.Amount is >= 1 and <= RequestBounds.MaxAmountCents)
            && transfers.Sum(t => t.Amount!.Value) is var sum && sum != amount)
            e.Add($"{path}.amount", $"amount {amount} differs from the sum of the transfers, {sum}");
    }

    private static void Validate(Errors e, string path, TransferDraft t)
    {
        if (t.IdTransfer is not ("1" or "2" or "3" or "4" or "5")) e.Add($"{path}.idTransfer", "idTransfer is one of \"1\" to \"5\"");
        e.Amount($"{path}.amount", t.Amount);
        if (t.OrganizationFiscalCode is { } fc && Checks.EcFiscalCode(fc) is { } notEc) e.Add($"{path}.organizationFiscalCode", notEc);
        e.Required($"{path}.remittanceInformation", t.RemittanceInformation, 140);
        e.Optional($"{path}.companyName", t.CompanyName, 140);
        if (string.IsNullOrWhiteSpace(t.Category)) e.Add($"{path}.category", "category (taxonomy code) is required");
        else if (Checks.Taxonomy(t.Category) is { } problem) e.Add($"{path}.category", problem);
        e.Metadata($"{path}.transferMetadata", t.Metadata);
        e.Optional($"{path}.accountingChapter", t.AccountingChapter, 64);
        e.Optional($"{path}.accountingAssessment", t.AccountingAssessment, 64);
        ValidateBeneficiary(e, path, t);
    }

    // An IBAN (optionally with a postal IBAN), or a digital stamp: never both, never neither.
    private static void ValidateBeneficiary(Errors e, string path, TransferDraft t)
    {
        var hasIban = !string.IsNullOrEmpty(t.Iban);
        var hasPostal = !string.IsNullOrEmpty(t.PostalIban);
        if (t.Stamp is { } stamp)
        {
            if (hasIban || hasPostal) e.Add($"{path}.stamp", "a transfer has an IBAN or a digital stamp, not both");
            e.Required($"{path}.stamp.hashDocument", stamp.HashDocument, 72);
            if (stamp.HashDocument is { } hash && !IsBase64(hash)) e.Add($"{path}.stamp.hashDocument", "hashDocument is base64");
            if (stamp.StampType is not { Length: 2 }) e.Add($"{path}.stamp.stampType", "stampType has 2 characters (\"01\")");
            if (stamp.ProvincialResidence is not { Length: 2 } p || !p.All(char.IsAsciiLetterUpper))
                e.Add($"{path}.stamp.provincialResidence", "provincialResidence is a province code of 2 capital letters");
            return;
        }
        if (!hasIban) e.Add($"{path}.iban", "a transfer needs an iban (or a stamp)");
        else if (Checks.Iban(t.Iban!) is { } problem) e.Add($"{path}.iban", problem + StricterThanGpd.Iban);
        if (hasPostal && Checks.Iban(t.PostalIban!) is { } postalProblem) e.Add($"{path}.postalIban", postalProblem + StricterThanGpd.Iban);
    }

    private static bool IsBase64(string value) => Convert.TryFromBase64String(value, new byte[value.Length], out _);
}
