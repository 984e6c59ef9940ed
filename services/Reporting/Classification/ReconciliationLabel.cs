namespace Reporting.Classification;

// The 15 labels of pagoPA's Piattaforma Unitaria (RECONCILIATION.md §3.1), with the meaning its operators read. The
// rules that assign them live in one place, the view reporting.transfer_reconciliation (and movement_reconciliation
// for the two treasury-only labels). Sources: IUD = the EC's own position, RT = the receipt, IUF = the reporting-flow
// row, TES = the treasury credit.
internal static class ReconciliationLabel
{
    public static readonly IReadOnlyDictionary<string, string> Meanings = new Dictionary<string, string>
    {
        ["DOPPI"] = "Pagamenti doppi: two flow rows report the same IUV and transfer with different receipt ids",
        ["RT_NO_IUF"] = "Pagamenti non correttamente rendicontati: a receipt with no flow row, or a row of another amount",
        ["RT_NO_IUD"] = "Pagamenti non correttamente notificati: a receipt for a transfer the EC's positions do not know",
        ["IUV_NO_RT"] = "Rendicontazioni di pagamenti non eseguiti: a flow row with no receipt",
        ["TES_NO_IUF_OR_IUV"] = "Riversamenti non rendicontati o di pagamenti non eseguiti: a credit naming a flow or IUV nobody reported or paid",
        ["IUF_NO_TES"] = "Rendicontazioni non correttamente riversate: a flow row whose money no credit has brought",
        ["IUD_RT_IUF"] = "Notificati e rendicontati: position, receipt and flow row agree; no credit yet",
        ["RT_IUF"] = "Pagamenti rendicontati: receipt and flow row agree",
        ["RT_TES"] = "Pagamenti riversati puntualmente: a single-payment credit (/RFS/, /RFB/) equal to the receipt",
        ["IUD_RT_IUF_TES"] = "Pagamenti notificati: position, receipt, flow row and treasury credit all agree",
        ["RT_IUF_TES"] = "Pagamenti riversati cumulativamente: receipt and row agree and the flow's credits equal its total",
        ["IUF_TES_DIV_IMP"] = "Riversate con importo scorretto: the credits for the flow differ from its total",
        ["IUD_NO_RT"] = "Notifiche di pagamenti non eseguiti: the position says paid with no receipt, or its amount differs from the receipt",
        ["TES_NO_MATCH"] = "Riversamenti di tesoreria sconosciuti: a pagoPA credit whose remittance names no readable flow or IUV",
        ["UNKNOWN"] = "No rule applies (for instance only a revoked row)",
    };

    public static IReadOnlyCollection<string> All => (IReadOnlyCollection<string>)Meanings.Keys;

    // The labels a treasury movement carries by itself (the others belong to transfers).
    public static readonly string[] OfMovements = ["TES_NO_MATCH", "TES_NO_IUF_OR_IUV"];
}
