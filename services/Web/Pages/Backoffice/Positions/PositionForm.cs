using ServiceDefaults.Time;
using System.Globalization;
using System.Text.RegularExpressions;
using Web.Api;

namespace Web.Pages.Backoffice.Positions;

// The manual-entry form: a debtor and any jointly liable debtors, the EC's beneficiary account, one or more
// instalments (a payment plan when more than one), each optionally split with other beneficiaries (quotas, up to 4:
// pagoPA allows 5 transfers per notice). The API validates it; its errors, keyed by JSON path, are put back next to
// these fields.
public sealed partial class PositionForm
{
    public const int MaxInstalments = 12;
    public const int MaxQuotas = 4;
    public const int MaxCoDebtors = 5;

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
    public List<CoDebtorForm> CoDebtors { get; set; } = [];

    // The version the edit started from (If-Match): a concurrent change is refused, not overwritten.
    public long? Version { get; set; }

    // The edited position was published: the update publishes it again (a GPD update otherwise makes it a draft).
    public bool Published { get; set; }

    private bool IsPlan => Instalments.Count > 1;

    // The GPD v1 body. Jointly liable debtors get a copy of every instalment as their own notices (the API's option
    // debtor): the copies are alternatives, paying one debtor's plan settles the position. The EC's own transfer is
    // what remains of the instalment after the other beneficiaries' quotas. Amounts the form could not read are sent
    // as missing, and reported by the form itself.
    public object ToRequest(string companyName, string iupd)
    {
        var debtors = new List<CoDebtorForm?> { null };
        debtors.AddRange(CoDebtors);
        return new
        {
            iupd, type = DebtorType, fiscalCode = FiscalCode?.Trim().ToUpperInvariant(), fullName = FullName?.Trim(),
            email = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim(),
            companyName, switchToExpired = false, revenueType = string.IsNullOrWhiteSpace(RevenueType) ? null : RevenueType.Trim(),
            paymentOption = debtors.SelectMany((debtor, d) => Instalments.Select((instalment, i) => Option(instalment, i, debtor, d))).ToList(),
        };
    }

    private object Option(InstalmentForm instalment, int i, CoDebtorForm? debtor, int d)
    {
        var quotas = instalment.Quotas.Select(q => q.Cents()).ToList();
        var own = instalment.Cents() is { } total && quotas.All(q => q is not null) ? total - quotas.Sum(q => q!.Value) : (long?)null;
        var transfers = new List<object>
        {
            new { idTransfer = "1", amount = own, remittanceInformation = Description, category = Category, iban = Normalised(Iban) },
        };
        transfers.AddRange(instalment.Quotas.Select((q, j) => (object)new
        {
            idTransfer = (j + 2).ToString(CultureInfo.InvariantCulture), amount = q.Cents(),
            organizationFiscalCode = string.IsNullOrWhiteSpace(q.OrganizationFiscalCode) ? null : q.OrganizationFiscalCode.Trim(),
            remittanceInformation = string.IsNullOrWhiteSpace(q.Remittance) ? Description : q.Remittance.Trim(),
            category = q.Category?.Trim(), iban = Normalised(q.Iban),
        }));
        return new
        {
            amount = instalment.Cents(),
            description = IsPlan ? $"{Description} ({i + 1}/{Instalments.Count})" : Description,
            isPartialPayment = IsPlan,
            dueDate = instalment.DueDate is { } day ? RomeCalendar.EndOfDay(day) : (DateTimeOffset?)null,
            fee = 0,
            paymentPlanId = IsPlan ? $"PLAN-{d + 1}" : null,
            debtor = debtor is null ? null : new { type = debtor.Type, fiscalCode = debtor.FiscalCode?.Trim().ToUpperInvariant(), fullName = debtor.FullName?.Trim() },
            transfer = transfers,
        };
    }

    private static string? Normalised(string? iban) => iban?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    // A position as the form shows it for editing: the main debtor's notices are the instalments, each other debtor
    // of a notice a jointly liable debtor, transfers after the first the quotas.
    public static PositionForm Of(Position p)
    {
        var main = p.PaymentOption.Where(o => o.Debtor?.FiscalCode is null || o.Debtor.FiscalCode == p.FiscalCode).OrderBy(o => o.DueDate).ToList();
        var first = main.FirstOrDefault()?.Transfer.OrderBy(t => t.IdTransfer).FirstOrDefault();
        return new PositionForm
        {
            Organization = p.OrganizationFiscalCode, Iupd = p.Iupd, DebtorType = p.Type, FiscalCode = p.FiscalCode, FullName = p.FullName,
            Description = first?.RemittanceInformation ?? main.FirstOrDefault()?.Description, RevenueType = p.RevenueType,
            Iban = first?.Iban, Category = first?.Category ?? "9/0101108TS/", Version = p.Version, Published = p.Status != "DRAFT",
            Instalments = main.Select(o => new InstalmentForm
            {
                Amount = Euros(o.Amount), DueDate = RomeCalendar.DateOf(o.DueDate),
                Quotas = o.Transfer.OrderBy(t => t.IdTransfer).Skip(1).Select(t => new QuotaForm
                {
                    OrganizationFiscalCode = t.OrganizationFiscalCode == p.OrganizationFiscalCode ? null : t.OrganizationFiscalCode, Amount = Euros(t.Amount), Iban = t.Iban, Category = t.Category,
                    Remittance = t.RemittanceInformation,
                }).ToList(),
            }).DefaultIfEmpty(new InstalmentForm()).ToList(),
            CoDebtors = p.PaymentOption.Where(o => o.Debtor?.FiscalCode is { } code && code != p.FiscalCode).GroupBy(o => o.Debtor!.FiscalCode)
                .Select(g => new CoDebtorForm { Type = g.First().Debtor!.Type ?? "F", FiscalCode = g.Key, FullName = g.First().Debtor!.FullName }).ToList(),
        };
    }

    private static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');


    // The form field an API error belongs to; "" for the summary.
    public string FieldOf(string path)
    {
        var match = OptionPath().Match(path);
        if (!match.Success)
            return path switch
            {
                "iupd" => "Form.Iupd", "type" => "Form.DebtorType", "fiscalCode" => "Form.FiscalCode", "fullName" => "Form.FullName",
                "email" => "Form.Email", "revenueType" => "Form.RevenueType",
                _ => "",
            };
        // Options are the instalments of each debtor in turn: option k is instalment k mod N of debtor k div N.
        var k = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var (d, i) = (k / Math.Max(1, Instalments.Count), k % Math.Max(1, Instalments.Count));
        var rest = match.Groups[2].Value;
        var transfer = TransferPath().Match(rest);
        if (transfer.Success && int.Parse(transfer.Groups[1].Value, CultureInfo.InvariantCulture) is var j and > 0)
        {
            var field = transfer.Groups[2].Value switch
            {
                "amount" => "Amount", "iban" => "Iban", "category" => "Category", "organizationFiscalCode" => "OrganizationFiscalCode",
                "remittanceInformation" => "Remittance", _ => null,
            };
            return field is null ? "" : $"Form.Instalments[{i}].Quotas[{j - 1}].{field}";
        }
        if (rest.StartsWith(".debtor.", StringComparison.Ordinal) && d > 0)
            return rest[".debtor.".Length..] switch
            {
                "fiscalCode" => $"Form.CoDebtors[{d - 1}].FiscalCode", "fullName" => $"Form.CoDebtors[{d - 1}].FullName",
                "type" => $"Form.CoDebtors[{d - 1}].Type", _ => "",
            };
        return rest switch
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

    [GeneratedRegex(@"^\.transfer\[(\d+)\]\.(\w+)$")]
    private static partial Regex TransferPath();
}

public sealed class InstalmentForm
{
    // Euros as an Italian or English writes them: 120,50 or 120.50.
    public string? Amount { get; set; }
    public DateOnly? DueDate { get; set; }

    // Other beneficiaries' shares of this instalment (transfers 2 to 5).
    public List<QuotaForm> Quotas { get; set; } = [];

    public long? Cents() => EuroText.Cents(Amount);
}

// Another beneficiary's share of an instalment: its EC (when not this one), amount, account and taxonomy.
public sealed class QuotaForm
{
    public string? OrganizationFiscalCode { get; set; }
    public string? Amount { get; set; }
    public string? Iban { get; set; }
    public string? Category { get; set; }
    public string? Remittance { get; set; }

    public long? Cents() => EuroText.Cents(Amount);
}

// A jointly liable debtor: they get the same instalments as notices of their own.
public sealed class CoDebtorForm
{
    public string Type { get; set; } = "F";
    public string? FiscalCode { get; set; }
    public string? FullName { get; set; }
}

internal static class EuroText
{
    public static long? Cents(string? amount)
    {
        if (string.IsNullOrWhiteSpace(amount)) return null;
        var text = amount.Trim().Replace("€", "", StringComparison.Ordinal).Trim();
        // One separator followed by 1–2 digits is the decimal one; any other is a thousands separator.
        var last = text.LastIndexOfAny([',', '.']);
        var (whole, fraction) = last >= 0 && text.Length - last - 1 is 1 or 2 ? (text[..last], text[(last + 1)..]) : (text, "");
        whole = whole.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var euros) || euros > 999_999_999
            || (fraction.Length > 0 && !fraction.All(char.IsAsciiDigit))) return null;
        return euros * 100 + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), CultureInfo.InvariantCulture));
    }
}
