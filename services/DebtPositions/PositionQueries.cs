using Microsoft.EntityFrameworkCore;

namespace DebtPositions;

// The one way a position is read with its content: its notices and their transfers, one statement per collection.
internal static class PositionQueries
{
    public static IQueryable<Position> Whole(this IQueryable<Position> positions) =>
        positions.Include(p => p.Options).ThenInclude(o => o.Transfers).AsSplitQuery();

    public static IQueryable<Position> Of(this IQueryable<Position> positions, string organizationFiscalCode, string iupd) =>
        positions.Where(p => p.OrganizationFiscalCode == organizationFiscalCode && p.Iupd == iupd);
}
