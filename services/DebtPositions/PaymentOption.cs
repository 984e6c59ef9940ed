using System.Text.Json;

namespace DebtPositions;

// One notice of a position (GPD "payment option"). Single options are alternatives (paying one settles the position);
// options with IsPartialPayment are the instalments of a plan, all due.
internal sealed partial class PaymentOption
{
    private readonly List<Transfer> _transfers = [];

    private PaymentOption() { }

    public long Id { get; private set; }
    public long PositionId { get; private set; }
    public string OrganizationFiscalCode { get; private set; } = "";
    public string Iuv { get; private set; } = "";
    public string Nav { get; private set; } = "";
    public long Amount { get; private set; }
    public string Description { get; private set; } = "";
    public bool IsPartialPayment { get; private set; }
    public DateTimeOffset DueDate { get; private set; }
    public DateTimeOffset? RetentionDate { get; private set; }
    public long Fee { get; private set; }
    public long NotificationFee { get; private set; }
    public string Status { get; private set; } = OptionStatus.Unpaid;
    public DateTimeOffset? PaymentDate { get; private set; }
    public DateTimeOffset? ReportingDate { get; private set; }
    public string? PaymentMethod { get; private set; }
    public string? PspCompany { get; private set; }
    public string? IdReceipt { get; private set; }
    // What the receipt paid, in cents: the amount of the day when a rule moved it away from Amount (the printed one);
    // 0 when the notice was settled by another notice's receipt (the money is counted there); null when unpaid, and
    // on notices paid before this was recorded.
    public long? AmountPaid { get; private set; }
    public string? IdFlowReporting { get; private set; }
    public string Metadata { get; private set; } = "[]";
    public DateOnly? NotificationDate { get; private set; }
    public string? ActualisationRule { get; private set; }
    public string? Debtor { get; private set; }
    // Groups the instalments of one plan; null on an instalment = the single implicit plan of v1.
    public string? PaymentPlanId { get; private set; }
    public string? PlanDescription { get; private set; }
    public DateTimeOffset InsertedDate { get; private set; }
    public DateTimeOffset LastUpdatedDate { get; private set; }
    public IReadOnlyList<Transfer> Transfers => _transfers;

    public bool IsPaid => Status != OptionStatus.Unpaid;
    public IReadOnlyList<KeyValue> MetadataEntries => JsonSerializer.Deserialize<List<KeyValue>>(Metadata, JsonSerializerOptions.Web)!;
    public DebtorData? OwnDebtor => Debtor is null ? null : JsonSerializer.Deserialize<DebtorData>(Debtor, JsonSerializerOptions.Web);

    public static PaymentOption Create(string organizationFiscalCode, OptionContent content, DateTimeOffset now)
    {
        var option = new PaymentOption { OrganizationFiscalCode = organizationFiscalCode, Iuv = content.Iuv, Nav = content.Nav, InsertedDate = now };
        option.Replace(content, now);
        return option;
    }

    // New content for an unpaid notice; the IUV/NAV never change, transfers are matched by idTransfer.
    public void Replace(OptionContent c, DateTimeOffset now)
    {
        (Amount, Description, IsPartialPayment, DueDate, RetentionDate, Fee) =
            (c.Amount, c.Description, c.IsPartialPayment, c.DueDate, c.RetentionDate, c.Fee);
        (NotificationDate, ActualisationRule) = (c.NotificationDate, c.ActualisationRule);
        (PaymentPlanId, PlanDescription) = (c.IsPartialPayment ? c.PaymentPlanId : null, c.PlanDescription);
        Metadata = JsonSerializer.Serialize(c.Metadata, JsonSerializerOptions.Web);
        Debtor = c.Debtor is null ? null : JsonSerializer.Serialize(c.Debtor, JsonSerializerOptions.Web);
        // Rows are updated in place (not deleted and re-inserted) so the unique (option, idTransfer)
        // key never sees two rows at once within one SaveChanges.
        _transfers.RemoveAll(t => c.Transfers.All(n => n.IdTransfer != t.IdTransfer));
        foreach (var content in c.Transfers)
        {
            var existing = _transfers.Find(t => t.IdTransfer == content.IdTransfer);
            if (existing is null) _transfers.Add(Transfer.Create(content, now));
            else existing.Replace(content, now);
        }
        LastUpdatedDate = now;
    }

    // Records the receipt and what it paid; false when this notice was already paid (redelivery or second receipt).
    public bool MarkPaid(string receiptId, DateTimeOffset paymentDate, string? pspCompany, long amountPaid, DateTimeOffset now)
    {
        if (IsPaid) return false;
        (Status, IdReceipt, PaymentDate, PspCompany, AmountPaid, LastUpdatedDate) = (OptionStatus.Paid, receiptId, paymentDate, pspCompany, amountPaid, now);
        return true;
    }

    // What this paid notice counts as paid: the receipt's amount, or the printed one for notices paid before it was
    // recorded.
    public long PaidCents => IsPaid ? AmountPaid ?? Amount : 0;

    // Marks the reported transfers of a paid notice and derives PO_PARTIALLY_REPORTED / PO_REPORTED.
    public bool ApplyReports(IEnumerable<ReportedTransfer> reports, DateTimeOffset now)
    {
        if (!IsPaid) return false;
        var changed = false;
        foreach (var report in reports.Where(r => r.Iuv == Iuv && r.ReceiptId == IdReceipt))
        {
            var transfer = _transfers.Find(t => t.IdTransfer == report.IdTransfer);
            if (transfer is null || transfer.IsReported) continue;
            transfer.MarkReported(now);
            (IdFlowReporting, ReportingDate) = (report.FlowId, now);
            changed = true;
        }
        if (!changed) return false;
        Status = _transfers.All(t => t.IsReported) ? OptionStatus.Reported : OptionStatus.PartiallyReported;
        LastUpdatedDate = now;
        return true;
    }
}
