using System.Globalization;
using Contracts.DebtPositions;

namespace IuvIssuance.Notices;

// The Poste Italiane bollettino ("Bollettino Postale PA") of one notice page: printed when the notice's money goes to a
// postal account, so the citizen can also pay at a post office with the DataMatrix (docs/pagopa-rules.md §1, "Poste
// DataMatrix"; docs/pagopa-notice.md). ADR 0059.
internal sealed record PostalSlip(string AccountNumber, string AccountHolder, string? Authorisation, string DataMatrix)
{
    // Poste's document type for a pagoPA notice (TD 896) and the ABI code of Poste Italiane's bank (BancoPosta).
    public const string DocumentType = "896";
    private const string PosteAbi = "07601";

    public static PostalSlip? For(DebtPositionSnapshot position, PaymentOptionSnapshot option, DebtorSnapshot debtor, NoticeTemplate template)
    {
        // The creditor's own account first: the bollettino names the EC printed on the notice.
        var postal = option.Transfers
            .OrderBy(t => t.OrganizationFiscalCode == position.OrganizationFiscalCode ? 0 : 1).ThenBy(t => t.IdTransfer)
            .Select(t => (Transfer: t, Account: PostalAccount(t)))
            .FirstOrDefault(x => x.Account is not null);
        if (postal.Account is null) return null;
        var holder = template.PostalAccountHolder ?? postal.Transfer.CompanyName ?? template.CompanyName ?? position.CompanyName;
        return new PostalSlip(postal.Account, holder, template.PosteAuthorisation, DataMatrixPayload(
            option.Nav, postal.Account, option.AmountCents, position.OrganizationFiscalCode, debtor.FiscalCode, debtor.FullName, option.Description));
    }

    // A transfer goes to a postal account when it names a postal IBAN, or when its IBAN is one of Poste's (ABI 07601).
    // The account number is the IBAN's last 12 characters (IT kk X ABI CAB account).
    public static string? PostalAccount(TransferSnapshot transfer) =>
        PostalAccountIn(transfer.PostalIban) ?? PostalAccountIn(transfer.Iban);

    private static string? PostalAccountIn(string? iban)
    {
        if (string.IsNullOrWhiteSpace(iban)) return null;
        var compact = string.Concat(iban.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (compact.Length != 27 || !compact.StartsWith("IT", StringComparison.Ordinal) || compact[5..10] != PosteAbi) return null;
        var account = compact[15..];
        return account.All(char.IsAsciiDigit) ? account : null;
    }

    // 256 characters, fixed positions, as pagoPA's notice generator writes it and the IO app reads it (NAV at [15,33),
    // amount at [49,59), EC fiscal code at [66,77)). Free text is cut or space-padded to its width, in plain ASCII, so
    // that every field keeps its position whatever the debtor's name holds.
    public static string DataMatrixPayload(string nav, string account, long amountCents, string organizationFiscalCode,
        string debtorFiscalCode, string debtorName, string subject) =>
        string.Concat(
            "codfase=NBPA;",
            "18", nav.PadLeft(18, '0'),
            "12", account.PadLeft(12, '0'),
            "10", amountCents.ToString(CultureInfo.InvariantCulture).PadLeft(10, '0'),
            "3", DocumentType,
            "1P1",
            Field(organizationFiscalCode, 11), Field(debtorFiscalCode, 16), Field(debtorName, 40), Field(subject, 110),
            new string(' ', 12),
            "A");

    private static string Field(string text, int width)
    {
        var ascii = Ascii(text);
        return ascii.Length >= width ? ascii[..width] : ascii.PadRight(width);
    }

    // Accented Latin letters lose their accent (Niccolò → Niccolo, Łukasz → Lukasz); anything else outside printable ASCII
    // becomes a space. A table, because the services run without ICU and string.Normalize cannot decompose there.
    private static string Ascii(string text) => string.Create(text.Length, text, static (target, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            target[i] = c switch
            {
                >= ' ' and <= '~' => c,
                >= '\u00C0' and <= '\u017F' => LatinLetters[c - '\u00C0'],
                '\u2018' or '\u2019' => '\'',
                _ => ' ',
            };
        }
    });

    // U+00C0 to U+017F (Latin-1 letters and Latin Extended-A), each as its plain letter; × and ÷ as spaces.
    private const string LatinLetters =
        "AAAAAAACEEEEIIIIDNOOOOO OUUUUYTsaaaaaaaceeeeiiiidnooooo ouuuuyty" +
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlL" +
        "lLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
}
