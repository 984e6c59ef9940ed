using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Time;

namespace ServiceDefaults.Security;

/// <summary>
/// A service calling another on its own account (not on a caller's): an internal token naming the
/// service, with write on every organisation, minted once and renewed before it expires.
/// </summary>
public sealed class ServiceIdentityHandler(string service, IConfiguration configuration, TimeProvider time) : DelegatingHandler
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly Microsoft.IdentityModel.Tokens.SymmetricSecurityKey _key = InternalTokens.SigningKey(configuration);
    private (string Token, DateTimeOffset RenewAt)? _current;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Real time even on a shifted test clock: the receiving service validates the token on real time.
        var now = time.Unshifted().GetUtcNow();
        if (_current is not { } current || now >= current.RenewAt)
            _current = current = (InternalTokens.Issue(_key, "service:" + service, [Caller.AllOrganizations], CallerRole.Write.Name(), now, Lifetime), now + Lifetime / 2);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.Token);
        return base.SendAsync(request, cancellationToken);
    }
}

public static class ServiceIdentityExtensions
{
    /// <summary>Calls through this client carry the service's own internal token.</summary>
    public static IHttpClientBuilder WithServiceIdentity(this IHttpClientBuilder builder, string service) =>
        builder.AddHttpMessageHandler(sp => new ServiceIdentityHandler(service, sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<TimeProvider>()));
}
