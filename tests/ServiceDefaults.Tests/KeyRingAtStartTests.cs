using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace ServiceDefaults.Tests;

public sealed class KeyRingAtStartTests
{
    [Fact]
    public async Task A_service_does_not_read_the_data_protection_key_ring_at_start_up_though_authentication_alone_would()
    {
        // The framework's own registration, so that a renamed hosted service cannot make this test pass vacuously.
        var plain = WebApplication.CreateBuilder();
        plain.Services.AddAuthentication();
        await using (var app = plain.Build())
            Assert.Contains(app.Services.GetServices<IHostedService>(), IsKeyRingReader);

        var service = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "KeyRingProbe" });
        service.Configuration[ServiceDefaults.Security.InternalTokens.SigningKeySetting] = Testing.TestCallers.SigningKey;
        service.AddServiceDefaults();
        await using (var app = service.Build())
            Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), IsKeyRingReader);
    }

    private static bool IsKeyRingReader(IHostedService hosted) =>
        hosted.GetType().Name == "DataProtectionHostedService";
}
