using Microsoft.AspNetCore.Http.HttpResults;

namespace Reporting.Treasury;

// The refusal of a statement whose booked entries do not add up to its stated balances (ADR 0054).
internal static class UnbalancedStatement
{
    public const string Type = "urn:pagopa-platform:problem:treasury-unbalanced-statement";

    public static ProblemHttpResult Problem(IReadOnlyList<StatementBalance> unbalanced) => TypedResults.Problem(
        title: "The statement's balances do not add up: nothing of it was stored",
        detail: string.Join("; ", unbalanced.Select(b => b.Describe()))
                + ". Entries may be missing: ask the bank for the whole statement, or upload it again with ?acceptUnbalanced=true to store it as it is, marked unbalanced.",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        type: Type,
        extensions: new Dictionary<string, object?>
        {
            ["statements"] = unbalanced.Select(b => new
            {
                where = b.Where, statementId = b.StatementId, currency = b.Currency, openingCents = b.OpeningCents, creditCents = b.CreditCents,
                debitCents = b.DebitCents, closingCents = b.ClosingCents, differenceCents = b.DifferenceCents,
            }).ToArray(),
        });
}
