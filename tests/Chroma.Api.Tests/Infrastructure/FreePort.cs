using System.Net;
using System.Net.Sockets;

namespace Chroma.Api.Tests.Infrastructure;

internal static class FreePort
{
    /// <summary>
    /// Asks the OS for an unused loopback port. Another process may take it before the server
    /// binds it; <see cref="GatewayProcess"/> retries the start on a new port when that happens.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
