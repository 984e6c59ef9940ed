using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DebtPositions.Gpd;

/// <summary>GET …/debtpositions (GPD getOrganizationDebtPositions): filters, ordering and paging as GPD names them.</summary>
internal static class ListPositions
{
    private static readonly string[] OrderBy = ["INSERTED_DATE", "IUPD", "STATUS", "COMPANY_NAME"];

    public static async Task<Results<Ok<PaymentPositionsInfo>, ValidationProblem>> Handle(
        string organizationfiscalcode, DebtPositionsDb db,
        [FromQuery] int? limit, [FromQuery] int? page,
        [FromQuery(Name = "due_date_from")] DateOnly? dueDateFrom, [FromQuery(Name = "due_date_to")] DateOnly? dueDateTo,
        [FromQuery(Name = "payment_date_from")] DateOnly? paymentDateFrom, [FromQuery(Name = "payment_date_to")] DateOnly? paymentDateTo,
        [FromQuery] string? status, [FromQuery] string? orderby, [FromQuery] string? ordering, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var size = limit ?? 10;
        var number = page ?? 0;
        if (size is < 1 or > 50) errors["limit"] = ["limit is between 1 and 50"];
        if (number < 0) errors["page"] = ["page starts at 0"];
        if (status is not null && !PositionStatus.All.Contains(status)) errors["status"] = [$"status is one of {string.Join(", ", PositionStatus.All)}"];
        if (orderby is not null && !OrderBy.Contains(orderby)) errors["orderby"] = [$"orderby is one of {string.Join(", ", OrderBy)}"];
        if (ordering is not (null or "ASC" or "DESC")) errors["ordering"] = ["ordering is ASC or DESC"];
        if (dueDateFrom > dueDateTo) errors["due_date_from"] = ["due_date_from comes after due_date_to"];
        if (paymentDateFrom > paymentDateTo) errors["payment_date_from"] = ["payment_date_from comes after payment_date_to"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = db.Positions.AsNoTracking().Where(p => p.OrganizationFiscalCode == organizationfiscalcode);
        if (status is not null) query = query.Where(p => p.Status == status);
        // Filter dates are Italian calendar days: [first day 00:00 Rome, last day + 1 00:00 Rome).
        if (dueDateFrom is { } df) { var from = StartOfDay(df); query = query.Where(p => p.Options.Any(o => o.DueDate >= from)); }
        if (dueDateTo is { } dt) { var to = StartOfDay(dt.AddDays(1)); query = query.Where(p => p.Options.Any(o => o.DueDate < to)); }
        if (paymentDateFrom is { } pf) { var from = StartOfDay(pf); query = query.Where(p => p.PaymentDate >= from); }
        if (paymentDateTo is { } pt) { var to = StartOfDay(pt.AddDays(1)); query = query.Where(p => p.PaymentDate < to); }

        var total = await query.CountAsync(ct);
        var descending = ordering != "ASC";
        query = (orderby ?? "INSERTED_DATE") switch
        {
            "IUPD" => descending ? query.OrderByDescending(p => p.Iupd) : query.OrderBy(p => p.Iupd),
            "STATUS" => descending ? query.OrderByDescending(p => p.Status).ThenBy(p => p.Id) : query.OrderBy(p => p.Status).ThenBy(p => p.Id),
            "COMPANY_NAME" => descending ? query.OrderByDescending(p => p.CompanyName).ThenBy(p => p.Id) : query.OrderBy(p => p.CompanyName).ThenBy(p => p.Id),
            _ => descending ? query.OrderByDescending(p => p.Id) : query.OrderBy(p => p.Id),
        };
        var positions = await query.Skip(number * size).Take(size)
            .Include(p => p.Options).ThenInclude(o => o.Transfers).AsSplitQuery().ToListAsync(ct);
        var pages = (total + size - 1) / size;
        return TypedResults.Ok(new PaymentPositionsInfo(positions.Select(p => p.ToResponse()).ToList(),
            new PageInfo(number, size, positions.Count, pages)));
    }

    private static DateTimeOffset StartOfDay(DateOnly day)
    {
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, rome.GetUtcOffset(local)).ToUniversalTime();
    }
}
