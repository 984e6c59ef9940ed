using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Health;
using Testing;
using Xunit;

namespace ServiceDefaults.Tests;

// A service is not ready before its warm-ups have run; a failing warm-up does not keep it unready.
public sealed class WarmUpTests
{
    [Fact]
    public async Task Ready_waits_for_every_warm_up_and_a_failing_one_does_not_block_it()
    {
        await using var database = await TestDatabase.CreateAsync("warmup");
        await using var vhost = await TestVirtualHost.CreateAsync("warmup");
        await Persistence.SqlMigrator.MigrateAsync(database.ConnectionString, ProbeDb.Schema, typeof(ProbeDb).Assembly, CancellationToken.None);
        var gate = new Gate();
        await using var app = await ProbeService.StartAsync(database.ConnectionString, vhost.AmqpUri, services => services
            .AddSingleton(gate)
            .AddWarmUp<FailingWarmUp>()
            .AddWarmUp<GatedWarmUp>());
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the failing one ran first and did not stop the second
        var warming = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, warming.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);

        gate.Release.SetResult();
        // Ready once the second warm-up ends: only 503 means "still warming", any other answer fails at once.
        await Eventually.AnswersAsync(() => http.GetAsync("/health/ready"), TimeSpan.FromSeconds(30), "ready after the warm-up",
            notYet: HttpStatusCode.ServiceUnavailable);
    }

    public sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class FailingWarmUp : IWarmUp
    {
        public Task RunAsync(CancellationToken ct) => throw new InvalidOperationException("cold path broken");
    }

    private sealed class GatedWarmUp(Gate gate) : IWarmUp
    {
        public async Task RunAsync(CancellationToken ct)
        {
            gate.Entered.SetResult();
            await gate.Release.Task.WaitAsync(ct);
        }
    }
}
