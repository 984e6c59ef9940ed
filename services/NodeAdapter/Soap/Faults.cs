using NodeAdapter.Notices;

namespace NodeAdapter.Soap;

// The PAA fault codes an EC station answers, with pagoPA's fault strings (NOTES §2.6).
internal static class Faults
{
    public const string SyntaxXsd = "PAA_SINTASSI_XSD";
    public const string SyntaxExtraXsd = "PAA_SINTASSI_EXTRAXSD";
    public const string WrongDomain = "PAA_ID_DOMINIO_ERRATO";
    public const string WrongBroker = "PAA_ID_INTERMEDIARIO_ERRATO";
    public const string WrongStation = "PAA_STAZIONE_INT_ERRATA";
    public const string PaymentUnknown = "PAA_PAGAMENTO_SCONOSCIUTO";
    public const string PaymentDuplicated = "PAA_PAGAMENTO_DUPLICATO";
    public const string PaymentExpired = "PAA_PAGAMENTO_SCADUTO";
    public const string PaymentCancelled = "PAA_PAGAMENTO_ANNULLATO";
    public const string ReceiptDuplicated = "PAA_RECEIPT_DUPLICATA";
    public const string Semantics = "PAA_SEMANTICA";
    public const string SystemError = "PAA_SYSTEM_ERROR";
    // Not a PAA code: the SOAP 1.1 fault for a mandatory header we do not process (metrics label).
    public const string MustUnderstand = "MustUnderstand";

    // The Node's reading of a notice that cannot be paid (NOTES §2.6). An inconsistent option is our failure
    // (PAA_SYSTEM_ERROR); an amount outside the schema's range is PAA_SEMANTICA, the catch-all semantic refusal:
    // the request is right and retrying cannot change the stored notice.
    public static string For(NoticeRefusal refusal) => refusal switch
    {
        NoticeRefusal.AlreadyPaid => PaymentDuplicated,
        NoticeRefusal.Expired => PaymentExpired,
        NoticeRefusal.Cancelled => PaymentCancelled,
        NoticeRefusal.Inconsistent => SystemError,
        NoticeRefusal.OutOfRange => Semantics,
        _ => PaymentUnknown,
    };

    public static string FaultString(string code) => code switch
    {
        SyntaxXsd => "Errore di sintassi XSD",
        SyntaxExtraXsd => "Errore di sintassi extra XSD",
        WrongDomain => "La PAA non corrisponde al Dominio indicato",
        WrongBroker => "Identificativo intermediario non corrispondente",
        WrongStation => "Stazione intermediario non corrispondente",
        PaymentUnknown => "Pagamento in attesa risulta sconosciuto all'Ente Creditore",
        PaymentDuplicated => "Pagamento in attesa risulta concluso all'Ente Creditore",
        PaymentExpired => "Pagamento in attesa risulta scaduto all'Ente Creditore",
        PaymentCancelled => "Pagamento in attesa risulta annullato all'Ente Creditore",
        ReceiptDuplicated => "La ricevuta risulta già acquisita dall'Ente Creditore",
        Semantics => "Errore semantico",
        _ => "Errore generico",
    };
}
