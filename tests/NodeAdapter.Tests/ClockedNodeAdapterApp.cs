using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace NodeAdapter.Tests;

// The NodeAdapter with a clock the tests can pin (its TimeProvider replaced from the test side).
public sealed class ClockedNodeAdapterApp : NodeAdapterApp
{
    internal PinnedTime Time { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }
}

// System time unless a test pins "now" (timers stay real).
internal sealed class PinnedTime : TimeProvider
{
    private DateTimeOffset? _now;

    public void Set(DateTimeOffset? now) => _now = now;

    public override DateTimeOffset GetUtcNow() => _now ?? base.GetUtcNow();
}
