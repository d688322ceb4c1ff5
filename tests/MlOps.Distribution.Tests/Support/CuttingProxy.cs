using System.Net;
using System.Net.Sockets;

namespace MlOps.Distribution.Tests.Support;

/// <summary>
/// A TCP proxy in front of the real registry that cuts every connection once the client has sent more than a given number
/// of bytes in total: a connection dropped mid-upload, as a flaky network or a restarting load balancer would drop it.
/// </summary>
public sealed class CuttingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly long _cutAfter;
    private readonly CancellationTokenSource _stop = new();
    private long _sent;

    public CuttingProxy(int upstreamPort, long cutAfterBytes)
    {
        _upstreamPort = upstreamPort;
        _cutAfter = cutAfterBytes;
        _listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    /// <summary>"127.0.0.1:port" of the proxy.</summary>
    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>True once a connection was cut.</summary>
    public bool Cut => Interlocked.Read(ref _sent) > _cutAfter;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Relay(client));
        }
    }

    private async Task Relay(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort);
                var down = Pump(upstream.GetStream(), client.GetStream(), counted: false);
                var up = Pump(client.GetStream(), upstream.GetStream(), counted: true);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
            }
            // Closing both ends with a reset drops the connection mid-request, the way a network failure does.
            client.Client.LingerState = new LingerOption(true, 0);
        }
    }

    private async Task Pump(Stream from, Stream to, bool counted)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (counted && Interlocked.Add(ref _sent, read) > _cutAfter)
                {
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
