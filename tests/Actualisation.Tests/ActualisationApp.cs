using Actualisation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Testing;

namespace Actualisation.Tests;

// The real service on its own database and vhost, with a clock the tests can set and its SQL logged.
public sealed class ActualisationApp() : ServiceFactory<Program>(ActualisationDb.Schema, typeof(ActualisationDb).Assembly)
{
    public SettableTime Time { get; } = new();
    public StatementLog Statements { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.ConfigureDbContext<ActualisationDb>(o => o.AddInterceptors(Statements));
        });
    }
}

// System time unless a test pins "now" (timers stay real).
public sealed class SettableTime : TimeProvider
{
    private DateTimeOffset? _now;

    public void Set(DateTimeOffset? now) => _now = now;

    public override DateTimeOffset GetUtcNow() => _now ?? base.GetUtcNow();
}
