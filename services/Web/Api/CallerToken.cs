using System.Net.Http.Headers;

namespace Web.Api;

// Puts the bearer token of the caller a platform API call acts for (the ApiCaller parameter every IPlatformApi
// method takes, which Refit stores in the request's options) on the request. A request without one is a
// programming error: it is never sent.
internal sealed class CallerToken(ApiTokens tokens) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (!request.Options.TryGetValue(new HttpRequestOptionsKey<ApiCaller>(ApiCaller.Key), out var caller))
            throw new InvalidOperationException($"{request.Method} {request.RequestUri?.AbsolutePath} names no caller: every platform API call acts for one.");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.For(caller));
        return base.SendAsync(request, ct);
    }
}
