using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Testing;

// A loopback TCP forwarder between the service and RabbitMQ: Cut drops every live connection and refuses new ones
// (the broker is "down" for the service only, while the test's own bus keeps observing), Restore brings it back on
// the same port.
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<Socket, byte> _live = new();
    private TcpListener? _listener;
    private CancellationTokenSource _accepting = new();

    private TcpProxy(IPEndPoint target) => _target = target;

    public int Port { get; private set; }

    public static TcpProxy Start(string host, int port)
    {
        var proxy = new TcpProxy(new IPEndPoint(IPAddress.Parse(host), port));
        proxy.Listen(0);
        return proxy;
    }

    public void Cut()
    {
        _accepting.Cancel();
        _listener?.Stop();
        foreach (var socket in _live.Keys) Close(socket);
    }

    public void Restore()
    {
        _accepting = new CancellationTokenSource();
        Listen(Port);
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener, _accepting.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptSocketAsync(ct); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try { await upstream.ConnectAsync(_target, ct); }
            catch (Exception e) when (e is OperationCanceledException or SocketException) { Close(client); Close(upstream); continue; }
            _live[client] = 0;
            _live[upstream] = 0;
            _ = PumpAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer)) > 0) await to.SendAsync(buffer.AsMemory(0, read));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        Close(from);
        Close(to);
    }

    private void Close(Socket socket)
    {
        _live.TryRemove(socket, out _);
        try { socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
