using DebtPositions.Gpd;
using V1 = DebtPositions.PositionStatus;

namespace DebtPositions.GpdV3;

// The one model seen through v3: notices grouped back into payment options (a plan = one option with its instalments,
// a single notice = one option with one instalment), statuses mapped explicitly.
internal static class V3Mapping
{
    public static readonly GpdDialect<PositionResponseV3> Dialect = new(DebtPositionsV3Api.Prefix, ToV3);

    public static readonly string[] Statuses = ["DRAFT", "PUBLISHED", "VALID", "UNPAYABLE", "PARTIALLY_PAID", "PAID"];

    // v3 has no INVALID/EXPIRED (both: the notices can no longer be paid) nor REPORTED (a reporting detail of PAID).
    public static string PositionStatus(string status) => status switch
    {
        V1.Invalid or V1.Expired => "UNPAYABLE",
        V1.Reported => "PAID",
        _ => status,
    };

    // The internal statuses a v3 status filter stands for.
    public static string[] InternalStatuses(string v3Status) => v3Status switch
    {
        "UNPAYABLE" => [V1.Invalid, V1.Expired],
        "PAID" => [V1.Paid, V1.Reported],
        _ => [v3Status],
    };

    // Instalment status: the option's own once paid; an unpaid one says why it cannot be paid — the position was
    // invalidated (UNPAYABLE), expired (EXPIRED), or settled by another notice (UNPAYABLE).
    public static string InstallmentStatus(PaymentOption o, string positionStatus) => o.Status switch
    {
        OptionStatus.Paid => "PAID",
        OptionStatus.PartiallyReported => "PARTIALLY_REPORTED",
        OptionStatus.Reported => "REPORTED",
        _ => positionStatus switch
        {
            V1.Expired => "EXPIRED",
            V1.Invalid or V1.Paid or V1.Reported => "UNPAYABLE",
            _ => "UNPAID",
        },
    };

    public static PositionResponseV3 ToV3(Position p) => new(
        p.Iupd, p.OrganizationFiscalCode, p.CompanyName, p.OfficeName, p.InsertedDate, p.PublishDate, p.PaymentDate,
        PositionStatus(p.Status), p.LastUpdatedDate, Groups(p).Select(g => ToV3(p, g)).ToList(), p.PayStandIn,
        p.RevenueType, p.ExternalReference, p.Version, p.ReissuedAs, p.ReissueOf);

    // Each single notice alone; the instalments of each plan together; in the order the notices were created.
    public static List<List<PaymentOption>> Groups(Position p) =>
        p.Options.OrderBy(o => o.Id)
            .GroupBy(o => o.IsPartialPayment ? "plan:" + o.PaymentPlanId : "single:" + o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(g => g.OrderBy(o => o.DueDate).ThenBy(o => o.Id).ToList()).ToList();

    private static OptionResponseV3 ToV3(Position p, List<PaymentOption> group)
    {
        var first = group[0];
        // v1 may give the instalments of its plan different retention dates: v3 has one per option, the latest.
        return new OptionResponseV3(p.SwitchToExpired, group.Max(o => o.RetentionDate), group.Min(o => o.InsertedDate), p.ValidityDate,
            GpdMapping.ToModel(first.OwnDebtor ?? p.Debtor), group.Select(o => ToV3(o, p.Status)).ToList());
    }

    private static InstallmentResponse ToV3(PaymentOption o, string positionStatus) => new(
        o.Nav, o.Iuv, o.OrganizationFiscalCode, o.Amount, o.Description, o.DueDate, o.PaymentDate, o.ReportingDate,
        o.PaymentMethod, o.PspCompany, o.Fee, o.NotificationFee, o.IdReceipt, o.IdFlowReporting, InstallmentStatus(o, positionStatus),
        o.LastUpdatedDate, o.MetadataEntries.Select(m => new MetadataModel(m.Key, m.Value)).ToList(),
        GpdMapping.Transfers(o), o.NotificationDate, o.ActualisationRule, GpdMapping.AmountPaid(o));
}
