using System.Net;
using System.Net.Sockets;

namespace Chroma.AppHost.Hosting;

/// <summary>
/// Hands out free loopback TCP ports. A port is free when the OS gives it to a listener on port 0; the
/// listener is closed before the child binds it, so the allocator also remembers what it handed out to never
/// give the same port twice in one application.
/// </summary>
internal sealed class PortAllocator
{
    private readonly HashSet<int> _taken = [];
    private readonly Lock _lock = new();

    public int Allocate()
    {
        lock (_lock)
        {
            for (int attempt = 0; attempt < 64; attempt++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (_taken.Add(port)) return port;
            }
            throw new InvalidOperationException("Could not allocate a free loopback TCP port.");
        }
    }

    /// <summary>
    /// Records a fixed port (e.g. the gateway's 8000) so it is never handed out for another endpoint;
    /// false when it is already taken.
    /// </summary>
    public bool TryReserve(int port)
    {
        lock (_lock)
        {
            return _taken.Add(port);
        }
    }
}
