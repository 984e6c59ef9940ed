namespace IuvIssuance.Notices.Batches;

// POST body: either explicit positions (Iupds) or a Filter over the EC's positions.
internal sealed record NoticeBatchRequest(IReadOnlyList<string>? Iupds, NoticeBatchFilter? Filter)
{
    public const int MaxIupds = 10_000;

    public Dictionary<string, string[]> Validate(string organizationFiscalCode)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ServiceDefaults.Security.OrganizationCode.IsValid(organizationFiscalCode))
            errors["organizationFiscalCode"] = ["an EC fiscal code has 11 digits"];
        if ((Iupds is null) == (Filter is null))
        {
            errors["iupds"] = ["give exactly one of iupds (a list of positions) and filter"];
            return errors;
        }
        if (Iupds is not null)
        {
            if (Iupds.Count is 0 or > MaxIupds) errors["iupds"] = [$"iupds holds 1 to {MaxIupds} position ids, got {Iupds.Count}"];
            else if (Iupds.Any(string.IsNullOrWhiteSpace)) errors["iupds"] = ["a position id cannot be empty"];
        }
        Filter?.Validate(errors);
        return errors;
    }

    // Explicit ids once each, in the order given.
    public string[] DistinctIupds() => Iupds!.Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToArray();
}

// Positions of the EC in Statuses (default: every printable one), optionally with an IUPD prefix (ECs name runs like
// "TARI2026-…") and the earliest due date within a range.
internal sealed record NoticeBatchFilter(IReadOnlyList<string>? Statuses, string? IupdPrefix, DateOnly? DueDateFrom, DateOnly? DueDateTo)
{
    public string[] EffectiveStatuses => Statuses is { Count: > 0 } s ? s.ToArray() : NoticePages.PrintableStatuses;

    public void Validate(Dictionary<string, string[]> errors)
    {
        var wrong = EffectiveStatuses.Except(NoticePages.PrintableStatuses, StringComparer.Ordinal).ToList();
        if (wrong.Count > 0)
            errors["filter.statuses"] = [$"only printable statuses can be selected ({string.Join(", ", NoticePages.PrintableStatuses)}); not {string.Join(", ", wrong)}"];
        if (IupdPrefix is { Length: > 100 }) errors["filter.iupdPrefix"] = ["iupdPrefix has at most 100 characters"];
        if (DueDateFrom is { } from && ServiceDefaults.Web.RequestBounds.DayProblem(from) is { } farFrom) errors["filter.dueDateFrom"] = [farFrom];
        if (DueDateTo is { } to && ServiceDefaults.Web.RequestBounds.DayProblem(to) is { } farTo) errors["filter.dueDateTo"] = [farTo];
        if (DueDateFrom > DueDateTo) errors["filter.dueDateTo"] = ["dueDateTo is before dueDateFrom"];
    }
}

internal sealed record NoticeBatchView(
    Guid Id, string OrganizationFiscalCode, string Status, int Total, int Rendered, int Skipped, int Pages,
    double? EtaSeconds, long? SizeBytes, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt, string? File)
{
    public static NoticeBatchView From(NoticeBatch b, DateTimeOffset now) => new(
        b.Id, b.OrganizationFiscalCode, b.Status, b.Total, b.Rendered, b.Skipped, b.Pages, b.EtaSeconds(now), b.SizeBytes,
        b.Error, b.CreatedAt, b.StartedAt, b.CompletedAt,
        b.Status == NoticeBatch.Completed ? $"/api/iuv/organizations/{b.OrganizationFiscalCode}/notice-batches/{b.Id}/file" : null);
}
