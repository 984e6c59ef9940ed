using Microsoft.AspNetCore.Http.HttpResults;

namespace DebtPositions.Gpd;

// GPD's 400: a client of GPD reads ProblemJson (title, status, detail) and nothing else, so the detail says what is
// wrong, field by field; the field-level errors stay for clients that read them.
internal static class GpdProblems
{
    private const int ShownInDetail = 10;

    public static ValidationProblem Validation(Dictionary<string, string[]> errors)
    {
        var lines = errors.OrderBy(e => e.Key, StringComparer.Ordinal)
            .SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")).ToList();
        var detail = string.Join("; ", lines.Take(ShownInDetail))
            + (lines.Count > ShownInDetail ? $"; and {lines.Count - ShownInDetail} more (see errors)" : "");
        return TypedResults.ValidationProblem(errors, detail: detail, title: "Invalid request");
    }
}
