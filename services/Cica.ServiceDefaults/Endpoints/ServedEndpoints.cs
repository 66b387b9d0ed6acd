using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Cica.ServiceDefaults.Endpoints;

/// <summary>
/// The Kestrel endpoints of this host, by what they serve: gRPC (an HTTP/2-only, h2c endpoint) and
/// REST/JSON (an endpoint that speaks HTTP/1.1). Addresses are those actually bound (port 0
/// resolved), so read them once the host has started.
/// </summary>
public sealed class ServedEndpoints
{
    private readonly List<ListenOptions> _endpoints = [];

    internal void Add(ListenOptions endpoint)
    {
        lock (_endpoints) _endpoints.Add(endpoint);
    }

    /// <summary>Where gRPC is served (plain-text HTTP/2).</summary>
    public IReadOnlyList<Uri> Grpc => Addresses(p => p == HttpProtocols.Http2);

    /// <summary>Where REST/JSON is served (HTTP/1.1, and HTTP/2 where the client asks for it).</summary>
    public IReadOnlyList<Uri> Rest => Addresses(p => p.HasFlag(HttpProtocols.Http1));

    private List<Uri> Addresses(Func<HttpProtocols, bool> serves)
    {
        lock (_endpoints)
            return [.. _endpoints.Where(e => serves(e.Protocols) && e.IPEndPoint is { Port: > 0 }).Select(e => ToUri(e.IPEndPoint!)).Distinct()];
    }

    private static Uri ToUri(IPEndPoint endpoint)
    {
        var host = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return new Uri($"http://{host}:{endpoint.Port}");
    }
}
