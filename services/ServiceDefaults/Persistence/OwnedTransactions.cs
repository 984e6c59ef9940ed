using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ServiceDefaults.Persistence;

/// <summary>Transactions that one unit of work owns from its first statement to its commit (ADR 0090).</summary>
public static class OwnedTransactions
{
    /// <summary>
    /// Begins a transaction in which SaveChanges sets no savepoint, for the rest of the context's life. EF sets one
    /// before every save inside a caller's transaction so that the caller may catch a failed save and go on; a unit of
    /// work that lets any failure roll the whole transaction back gains nothing from it but a round trip.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginOwnedTransactionAsync(this DatabaseFacade database, CancellationToken ct)
    {
        var transaction = await database.BeginTransactionAsync(ct);
        database.AutoSavepointsEnabled = false;
        return transaction;
    }
}
