using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Actualisation.Tests;

// Every command the service's DbContexts send, by DbContext instance (a consumer's batch runs in a scope of its own,
// so in one instance): how many round trips and statements a batch costs. Statements are counted as EF Core joins
// them in one command (";" ending a line); code that writes through its own NpgsqlCommand is not seen.
public sealed class StatementLog : DbCommandInterceptor
{
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<string>> _byContext = new();

    // The commands of every DbContext instance that sent one matching marker, in the order sent.
    public IReadOnlyList<IReadOnlyList<string>> ContextsWith(string marker) =>
        [.. _byContext.Values.Select(c => c.ToList()).Where(c => c.Any(sql => sql.Contains(marker, StringComparison.Ordinal)))];

    public void Clear() => _byContext.Clear();

    public static int StatementsIn(string sql) =>
        sql.Split('\n').Count(line => line.TrimEnd().EndsWith(';')) + (sql.TrimEnd().EndsWith(';') ? 0 : 1);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is { } context) _byContext.GetOrAdd(context.ContextId.InstanceId, _ => new()).Enqueue(command.CommandText);
    }
}
