using System.Net;
using System.Net.Sockets;

namespace Monitoring.Tests.Reliability;

/// <summary>
/// A TCP forwarder in front of a server that a test can cut (every open connection dropped, new ones refused) and
/// restore: a database server vanishing from the network and coming back, as the application meets it.
/// </summary>
sealed class TcpCut : IAsyncDisposable
{
    readonly string host;
    readonly int port;
    readonly List<TcpClient> open = [];
    readonly CancellationTokenSource stop = new();
    TcpListener listener;
    Task accepting;

    public TcpCut(string host, int port)
    {
        (this.host, this.port) = (host, port);
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync(listener);
    }

    /// <summary>The local port to connect to instead of the server's.</summary>
    public int Port { get; }

    /// <summary>Drops every connection and refuses new ones.</summary>
    public void Cut()
    {
        listener.Stop();
        lock (open)
        {
            foreach (var client in open) client.Close();
            open.Clear();
        }
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        accepting = AcceptAsync(listener);
    }

    async Task AcceptAsync(TcpListener current)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await current.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(host, port, stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                inbound.Close();
                continue;
            }
            lock (open) open.AddRange([inbound, outbound]);
            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Close();
            to.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        Cut();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }
        stop.Dispose();
    }
}
