using Microsoft.Extensions.Options;
using Npgsql;
using ServiceDefaults.Persistence;

namespace Actualisation.Dunning;

// Runs a ReminderRound every `Dunning:Interval` on one replica at a time.
internal sealed class DunningJob(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IOptions<DunningOptions> options, ILogger<DunningJob> logger)
    : ExclusiveJob(scopes, dataSource, logger)
{
    protected override string Name => "actualisation-dunning";
    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ReminderRound>().RunAsync(ct);
}
