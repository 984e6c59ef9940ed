using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Time;
using ServiceDefaults.Web;

namespace DebtPositions.Gpd;

// GET …/debtpositions (GPD getOrganizationDebtPositions): filters, ordering and paging as GPD names them.
internal static class ListPositions
{
    public static async Task<Results<Ok<PaymentPositionsInfo>, ValidationProblem>> Handle(
        string organizationfiscalcode, [AsParameters] ListQuery query, DebtPositionsDb db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.Status is { } status && !PositionStatus.All.Contains(status)) errors["status"] = [$"status is one of {string.Join(", ", PositionStatus.All)}"];
        var filter = ListFilter.Of(errors, query);
        if (errors.Count > 0) return GpdProblems.Validation(errors);
        var (positions, info) = await (filter! with { Statuses = query.Status is null ? null : [query.Status] }).RunAsync(db, organizationfiscalcode, ct);
        return TypedResults.Ok(new PaymentPositionsInfo(positions.Select(GpdMapping.ToResponse).ToList(), info));
    }
}

// The query string GPD v1 and v3 share for a list, as GPD names it.
internal sealed record ListQuery(
    [FromQuery] int? Limit, [FromQuery] int? Page,
    [FromQuery(Name = "due_date_from")] DateOnly? DueDateFrom, [FromQuery(Name = "due_date_to")] DateOnly? DueDateTo,
    [FromQuery(Name = "payment_date_from")] DateOnly? PaymentDateFrom, [FromQuery(Name = "payment_date_to")] DateOnly? PaymentDateTo,
    [FromQuery] string? Status, [FromQuery] string? Orderby, [FromQuery] string? Ordering);

// A validated list query; bounds are instants, upper bounds exclusive. Statuses are internal (v1) ones.
internal sealed record ListFilter(
    int Size, int Page, DateTimeOffset? DueFrom, DateTimeOffset? DueTo, DateTimeOffset? PaidFrom, DateTimeOffset? PaidTo,
    string OrderBy, bool Descending, string[]? Statuses = null)
{
    public const int MaxDays = 30;
    private static readonly string[] OrderFields = ["INSERTED_DATE", "IUPD", "STATUS", "COMPANY_NAME"];

    // The parameters GPD v1 and v3 share; filter dates are Italian calendar days [first 00:00, last + 1 00:00).
    public static ListFilter? Of(Dictionary<string, string[]> errors, int? limit, int? page, DateOnly? dueFrom, DateOnly? dueTo,
        DateOnly? paidFrom, DateOnly? paidTo, string? orderby, string? ordering) =>
        Of(errors, new ListQuery(limit, page, dueFrom, dueTo, paidFrom, paidTo, null, orderby, ordering));

    public static ListFilter? Of(Dictionary<string, string[]> errors, ListQuery query)
    {
        var (dueFrom, dueTo, paidFrom, paidTo) = (query.DueDateFrom, query.DueDateTo, query.PaymentDateFrom, query.PaymentDateTo);
        var (orderby, ordering) = (query.Orderby, query.Ordering);
        var size = query.Limit ?? 10;
        var number = query.Page ?? 0;
        if (size is < 1 or > 50) errors["limit"] = ["limit is between 1 and 50"];
        if (number < 0) errors["page"] = ["page starts at 0"];
        else if (size is >= 1 and <= 50 && (long)number * size >= RequestBounds.MaxListOffset)
            errors["page"] = [$"page × limit must stay below {RequestBounds.MaxListOffset:N0}; narrow the query with filters instead"];
        foreach (var (name, day) in new[] { ("due_date_from", dueFrom), ("due_date_to", dueTo), ("payment_date_from", paidFrom), ("payment_date_to", paidTo) })
            if (day is { } d && RequestBounds.DayProblem(d) is { } far) errors[name] = [$"{name} {far}"];
        if (orderby is not null && !OrderFields.Contains(orderby)) errors["orderby"] = [$"orderby is one of {string.Join(", ", OrderFields)}"];
        if (ordering is not (null or "ASC" or "DESC")) errors["ordering"] = ["ordering is ASC or DESC"];
        if (errors.Count > 0) return null;
        (dueFrom, dueTo) = Window(errors, "due_date", dueFrom, dueTo);
        (paidFrom, paidTo) = Window(errors, "payment_date", paidFrom, paidTo);
        return errors.Count > 0 ? null : new ListFilter(size, number, StartOfDay(dueFrom), StartOfDay(dueTo?.AddDays(1)),
            StartOfDay(paidFrom), StartOfDay(paidTo?.AddDays(1)), orderby ?? "INSERTED_DATE", ordering != "ASC");
    }

    // GPD's window: a bound given alone is completed with the other at MaxDays days from it, and two bounds may not
    // be further apart (GPD's max.days.interval), so that a list never scans an EC's whole history.
    private static (DateOnly? From, DateOnly? To) Window(Dictionary<string, string[]> errors, string name, DateOnly? from, DateOnly? to)
    {
        if (from is { } f && to is { } t)
        {
            if (f > t) errors[$"{name}_from"] = [$"{name}_from comes after {name}_to"];
            else if (t.DayNumber - f.DayNumber > MaxDays)
                errors[$"{name}_to"] = [$"{name}_from and {name}_to are {t.DayNumber - f.DayNumber} days apart; at most {MaxDays} (GPD's interval)"];
            return (from, to);
        }
        return (from ?? to?.AddDays(-MaxDays), to ?? from?.AddDays(MaxDays));
    }

    public async Task<(List<Position> Positions, PageInfo Info)> RunAsync(DebtPositionsDb db, string organization, CancellationToken ct)
    {
        var query = Matching(db, organization);
        var total = await query.CountAsync(ct);
        query = OrderBy switch
        {
            "IUPD" => Descending ? query.OrderByDescending(p => p.Iupd) : query.OrderBy(p => p.Iupd),
            "STATUS" => Descending ? query.OrderByDescending(p => p.Status).ThenBy(p => p.Id) : query.OrderBy(p => p.Status).ThenBy(p => p.Id),
            "COMPANY_NAME" => Descending ? query.OrderByDescending(p => p.CompanyName).ThenBy(p => p.Id) : query.OrderBy(p => p.CompanyName).ThenBy(p => p.Id),
            _ => Descending ? query.OrderByDescending(p => p.Id) : query.OrderBy(p => p.Id),
        };
        var positions = await query.Skip(Page * Size).Take(Size)
            .Whole().ToListAsync(ct);
        return (positions, new PageInfo(Page, Size, positions.Count, (total + Size - 1) / Size));
    }

    // The positions the filter keeps (its plan is tested: SearchIndexTests). The due window is one condition on one
    // notice of the EC, both bounds together, so that ix_payment_options_org_due_date reads just the window's notices
    // (a bound per EXISTS, as before, could only be tested notice by notice). Of() always gives both bounds or none.
    internal IQueryable<Position> Matching(DebtPositionsDb db, string organization)
    {
        var query = db.Positions.AsNoTracking().Where(p => p.OrganizationFiscalCode == organization);
        if (Statuses is { } statuses) query = query.Where(p => statuses.Contains(p.Status));
        if (DueFrom is { } df && DueTo is { } dt)
            query = query.Where(p => p.Options.Any(o => o.OrganizationFiscalCode == organization && o.DueDate >= df && o.DueDate < dt));
        if (PaidFrom is { } pf) query = query.Where(p => p.PaymentDate >= pf);
        if (PaidTo is { } pt) query = query.Where(p => p.PaymentDate < pt);
        return query;
    }

    private static DateTimeOffset? StartOfDay(DateOnly? day) => day is { } d ? RomeCalendar.StartOfDay(d).ToUniversalTime() : null;
}
