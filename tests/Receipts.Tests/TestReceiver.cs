using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Receipts.Tests;

// A request the receiver got: the three Standard Webhooks headers and the body, as bytes arrived.
internal sealed record ReceivedWebhook(string Path, string? Id, string? Timestamp, string? Signature, string ContentType, string Body);

// How a path of the receiver answers.
internal abstract record Behaviour
{
    public sealed record Ok : Behaviour;
    public sealed record Fail(int Status, string Body) : Behaviour;
    public sealed record Redirect(string Location) : Behaviour;
    // Never answers until the receiver is disposed.
    public sealed record Hang : Behaviour;
}

// A real HTTP receiver on loopback (Kestrel, a port of its own): records every request per path and answers as the
// test says. A hanging path holds its requests until the receiver is disposed, so a test never sleeps.
internal sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Behaviour> _behaviours = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly CancellationTokenSource _released = new();
    private int _hanging;

    private TestReceiver(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;
    public int Hanging => Volatile.Read(ref _hanging);

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.Run(receiver.Handle);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUri = new Uri(address);
        return receiver;
    }

    public string Url(string path) => new Uri(BaseUri, path).AbsoluteUri;

    public void Set(string path, Behaviour behaviour) => _behaviours[path] = behaviour;

    public IReadOnlyList<ReceivedWebhook> At(string path) => _received.Where(r => r.Path == path).ToList();

    private async Task Handle(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        _received.Enqueue(new(path, headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"],
            context.Request.ContentType ?? "", body));
        switch (_behaviours.GetValueOrDefault(path, new Behaviour.Ok()))
        {
            case Behaviour.Fail fail:
                context.Response.StatusCode = fail.Status;
                await context.Response.WriteAsync(fail.Body);
                break;
            case Behaviour.Redirect redirect:
                context.Response.Redirect(redirect.Location);
                break;
            case Behaviour.Hang:
                Interlocked.Increment(ref _hanging);
                try { await Task.Delay(Timeout.Infinite, _released.Token); }
                catch (OperationCanceledException) { context.Response.StatusCode = 503; }
                break;
            default:
                context.Response.StatusCode = 204;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _released.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _released.Dispose();
    }
}
