using System.Globalization;
using System.Text.RegularExpressions;
using DebtPositions.Gpd;

namespace DebtPositions.GpdV3;

// A v3 body as the service's draft: every instalment becomes one
// notice; the instalments of a payment option with more than one become a plan (isPartialPayment, one plan id per
// option); the position's debtor, validity date and expiry flag are the first option's. Error keys go back to v3
// paths (paymentOption[1].installments[2].transfer[0].iban).
internal static partial class V3Request
{
    // Reported per option (paymentOption[i].debtor.*): the position-level copy would say it twice.
    private static readonly HashSet<string> PositionDebtorFields = new(StringComparer.Ordinal)
    { "type", "fiscalCode", "fullName", "streetName", "civicNumber", "postalCode", "city", "province", "region", "country", "email", "phone" };

    public static PositionRequest Of(PaymentPositionModelV3 v3)
    {
        var options = v3.PaymentOption ?? [];
        var places = new List<(int Option, int Installment)>();
        var flat = new List<OptionDraft>();
        for (var i = 0; i < options.Count; i++)
        {
            var installments = options[i].Installments ?? [];
            for (var j = 0; j < installments.Count; j++)
            {
                places.Add((i, j));
                flat.Add(Flatten(options[i], installments[j], installments.Count > 1 ? (i + 1).ToString(CultureInfo.InvariantCulture) : null));
            }
        }
        var first = options.FirstOrDefault();
        var body = new PositionDraft(v3.Iupd, GpdMapping.ToDraft(first?.Debtor) ?? new DebtorDraft(null, null, null), v3.CompanyName,
            v3.OfficeName, first?.SwitchToExpired, v3.PayStandIn, first?.ValidityDate, v3.RevenueType, v3.ExternalReference,
            v3.PaymentOption is null ? null : flat);
        return new PositionRequest(body, v3, key => Rename(key, places), WireErrors(options));
    }

    private static OptionDraft Flatten(PaymentOptionModelV3 option, InstallmentModel i, string? planId) => new(
        i.Iuv, i.Amount, i.Description, planId is not null, i.DueDate, option.RetentionDate, i.Fee, GpdMapping.ToDrafts(i.Transfer),
        // v3 makes an instalment metadata value optional; v1 (and the model) store "" for it.
        i.InstallmentMetadata?.Select(m => new EntryDraft(m.Key, m.Value ?? "")).ToList(),
        i.NotificationDate, i.ActualisationRule, GpdMapping.ToDraft(option.Debtor), planId, option.Description);

    // What only the v3 shape can get wrong, and what the model keeps per position rather than per option.
    private static Dictionary<string, string[]> WireErrors(List<PaymentOptionModelV3> options)
    {
        var e = new Validation.Errors();
        for (var i = 0; i < options.Count; i++)
        {
            var o = options[i];
            var path = $"paymentOption[{i}]";
            if (o.Debtor is null) e.Add($"{path}.debtor", "debtor is required");
            if (o.SwitchToExpired is null) e.Add($"{path}.switchToExpired", "switchToExpired is required");
            if (o.Installments is not { Count: > 0 }) e.Add($"{path}.installments", "at least one installment is required");
            else if (o.Installments.Count > 100) e.Add($"{path}.installments", "at most 100 installments per payment option");
            e.Optional($"{path}.description", o.Description, 140);
            if (i == 0) continue;
            // A position is published, validated and expired as a whole here (one lifecycle for v1 and v3).
            if (o.ValidityDate != options[0].ValidityDate)
                e.Add($"{path}.validityDate", "every payment option of a position must have the same validityDate (paymentOption[0]'s)");
            if (o.SwitchToExpired is not null && o.SwitchToExpired != options[0].SwitchToExpired)
                e.Add($"{path}.switchToExpired", "every payment option of a position must have the same switchToExpired (paymentOption[0]'s)");
        }
        return e.Result;
    }

    private static string? Rename(string key, List<(int Option, int Installment)> places)
    {
        if (PositionDebtorFields.Contains(key)) return null;
        if (key is "validityDate" or "switchToExpired") return $"paymentOption[0].{key}";
        var match = FlatOption().Match(key);
        if (!match.Success) return key;
        var (i, j) = places[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)];
        var rest = match.Groups[2].Value;
        if (rest.StartsWith("debtor", StringComparison.Ordinal) || rest == "retentionDate") return $"paymentOption[{i}].{rest}";
        if (rest.StartsWith("paymentOptionMetadata", StringComparison.Ordinal)) rest = "installmentMetadata" + rest["paymentOptionMetadata".Length..];
        return $"paymentOption[{i}].installments[{j}].{rest}";
    }

    [GeneratedRegex(@"^paymentOption\[(\d+)\]\.(.+)$")]
    private static partial Regex FlatOption();
}
