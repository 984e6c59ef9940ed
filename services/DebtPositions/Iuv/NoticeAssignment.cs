using DebtPositions.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DebtPositions.Iuv;

// Gives every option of a request its notice number: the one it already has (update), the client's own IUV once
// IuvIssuance validated it (format, segregation code, check digit), or a new one from a block allocated in one call.
// Uniqueness within the EC is the database's unique (EC, IUV) key.
internal sealed class NoticeAssignment(IuvIssuanceClient iuvs)
{
    public async Task<Assigned> AssignAsync(string organizationFiscalCode, IReadOnlyList<OptionDraft> options,
        IReadOnlyDictionary<string, string> knownNavs, CancellationToken ct)
    {
        try
        {
            return await TryAssignAsync(organizationFiscalCode, options, knownNavs, ct);
        }
        catch (Exception e) when (e is HttpRequestException or Refit.ApiException or Refit.ApiRequestException or Polly.ExecutionRejectedException)
        {
            // The resilience handler already retried (or its circuit is open): IuvIssuance is down; nothing was written here.
            return new Assigned(null, null, $"IuvIssuance is unavailable ({e.Message}); retry later", StatusCodes.Status503ServiceUnavailable);
        }
    }

    private async Task<Assigned> TryAssignAsync(string organizationFiscalCode, IReadOnlyList<OptionDraft> options,
        IReadOnlyDictionary<string, string> knownNavs, CancellationToken ct)
    {
        var numbers = new NoticeNumber?[options.Count];
        var errors = new Errors();
        for (var i = 0; i < options.Count; i++)
        {
            if (string.IsNullOrEmpty(options[i].Iuv)) continue;
            var iuv = options[i].Iuv!;
            if (knownNavs.TryGetValue(iuv, out var nav))
            {
                numbers[i] = new NoticeNumber(iuv, nav);
                continue;
            }
            var verdict = await iuvs.ValidateAsync(organizationFiscalCode, iuv, ct);
            if (verdict is null) return Assigned.NotConfigured(organizationFiscalCode);
            if (verdict.Valid) numbers[i] = new NoticeNumber(verdict.Iuv!, verdict.Nav!);
            else errors.Add($"paymentOption[{i}].iuv", $"{verdict.Reason} ({verdict.Code})");
        }
        var errorList = errors.Result;
        if (errorList.Count > 0) return new Assigned(null, errorList, null, 0);

        var missing = Enumerable.Range(0, options.Count).Where(i => numbers[i] is null).ToList();
        if (missing.Count > 0)
        {
            var block = await iuvs.AllocateAsync(organizationFiscalCode, missing.Count, ct);
            if (block is null) return Assigned.NotConfigured(organizationFiscalCode);
            for (var k = 0; k < missing.Count; k++) numbers[missing[k]] = block[k];
        }
        return new Assigned(numbers.Select(n => n!).ToList(), null, null, 0);
    }
}

// The numbers, or field errors, or why numbers cannot be issued at all.
internal sealed record Assigned(IReadOnlyList<NoticeNumber>? Numbers, Dictionary<string, string[]>? Errors, string? Problem, int ProblemStatus)
{
    // GPD takes any organisation (it records one on its first position) and declares no 422 on its writes, so a GPD
    // client gets the 400 it knows, on the path's organisation, with why it is refused here (docs/decisions/0071).
    public static Assigned NotConfigured(string organizationFiscalCode) =>
        new(null, new Dictionary<string, string[]>
        {
            ["organizationfiscalcode"] = [$"organization {organizationFiscalCode} has no IUV configuration on this platform" + StricterThanGpd.UnknownOrganization],
        }, null, 0);

    public ProblemHttpResult ToProblem() => TypedResults.Problem(Problem, statusCode: ProblemStatus, title: "IuvIssuance unavailable");
}
