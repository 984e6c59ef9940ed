using System.Globalization;
using System.Text.RegularExpressions;

namespace Web.Pages.Backoffice.Positions;

/// <summary>
/// The manual-entry form: one debtor, one beneficiary account, one or more instalments (a payment plan when
/// more than one). The API validates it; its errors, keyed by JSON path, are put back next to these fields.
/// </summary>
public sealed partial class PositionForm
{
    public string? Organization { get; set; }
    public string? Iupd { get; set; }
    public string DebtorType { get; set; } = "F";
    public string? FiscalCode { get; set; }
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public string? Description { get; set; }
    public string? RevenueType { get; set; }
    public string? Iban { get; set; }
    public string Category { get; set; } = "9/0101108TS/";
    public List<InstalmentForm> Instalments { get; set; } = [new()];

    /// <summary>The GPD v1 body; amounts the form could not read are sent as missing, and reported by the form itself.</summary>
    public object ToRequest(string companyName, string iupd)
    {
        var plan = Instalments.Count > 1;
        return new
        {
            iupd, type = DebtorType, fiscalCode = FiscalCode?.Trim().ToUpperInvariant(), fullName = FullName?.Trim(),
            email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim(),
            companyName, switchToExpired = false, revenueType = string.IsNullOrWhiteSpace(RevenueType) ? null : RevenueType.Trim(),
            paymentOption = Instalments.Select((instalment, i) => new
            {
                amount = instalment.Cents(),
                description = plan ? $"{Description} ({i + 1}/{Instalments.Count})" : Description,
                isPartialPayment = plan,
                dueDate = instalment.DueDate is { } day ? new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.FromHours(1)) : (DateTimeOffset?)null,
                fee = 0,
                paymentPlanId = plan ? "PLAN-1" : null,
                transfer = new[]
                {
                    new { idTransfer = "1", amount = instalment.Cents(), remittanceInformation = Description, category = Category, iban = Iban?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() },
                },
            }).ToList(),
        };
    }

    /// <summary>The form field an API error belongs to; "" for the summary.</summary>
    public static string FieldOf(string path)
    {
        var match = OptionPath().Match(path);
        if (!match.Success)
            return path switch
            {
                "iupd" => "Form.Iupd", "type" => "Form.DebtorType", "fiscalCode" => "Form.FiscalCode", "fullName" => "Form.FullName",
                "email" => "Form.Email", "revenueType" => "Form.RevenueType",
                _ => "",
            };
        var i = match.Groups[1].Value;
        return match.Groups[2].Value switch
        {
            ".amount" or ".transfer[0].amount" => $"Form.Instalments[{i}].Amount",
            ".dueDate" => $"Form.Instalments[{i}].DueDate",
            ".description" or ".transfer[0].remittanceInformation" => "Form.Description",
            ".transfer[0].iban" => "Form.Iban",
            ".transfer[0].category" => "Form.Category",
            _ => "",
        };
    }

    [GeneratedRegex(@"^paymentOption\[(\d+)\](.*)$")]
    private static partial Regex OptionPath();
}

public sealed class InstalmentForm
{
    /// <summary>Euros as an Italian or English writes them: 120,50 or 120.50.</summary>
    public string? Amount { get; set; }
    public DateOnly? DueDate { get; set; }

    public long? Cents()
    {
        if (string.IsNullOrWhiteSpace(Amount)) return null;
        var text = Amount.Trim().Replace("€", "", StringComparison.Ordinal).Trim();
        // One separator followed by 1–2 digits is the decimal one; any other is a thousands separator.
        var last = text.LastIndexOfAny([',', '.']);
        var (whole, fraction) = last >= 0 && text.Length - last - 1 is 1 or 2 ? (text[..last], text[(last + 1)..]) : (text, "");
        whole = whole.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var euros) || euros > 999_999_999
            || (fraction.Length > 0 && !fraction.All(char.IsAsciiDigit))) return null;
        return euros * 100 + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
    }
}
