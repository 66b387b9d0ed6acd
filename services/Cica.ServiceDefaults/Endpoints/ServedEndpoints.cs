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
    private readonly Dictionary<ListenOptions, string> _names = [];
    private readonly HashSet<ListenOptions> _tls = [];

    internal void Add(ListenOptions endpoint)
    {
        lock (_endpoints) _endpoints.Add(endpoint);
    }

    /// <summary>
    /// Sets an endpoint apart for one purpose (e.g. "Portal", the coordinators' web pages): it is then
    /// listed only by <see cref="Named"/>, neither as gRPC nor as REST/JSON. <paramref name="tls"/>:
    /// it serves https.
    /// </summary>
    public void Name(ListenOptions endpoint, string name, bool tls = false)
    {
        lock (_endpoints)
        {
            _names[endpoint] = name;
            if (tls) _tls.Add(endpoint);
        }
    }

    /// <summary>Where gRPC is served (plain-text HTTP/2).</summary>
    public IReadOnlyList<Uri> Grpc => Addresses(e => e.Protocols == HttpProtocols.Http2 && !_names.ContainsKey(e));

    /// <summary>Where REST/JSON is served (HTTP/1.1, and HTTP/2 where the client asks for it).</summary>
    public IReadOnlyList<Uri> Rest => Addresses(e => e.Protocols.HasFlag(HttpProtocols.Http1) && !_names.ContainsKey(e));

    /// <summary>The endpoints set apart under <paramref name="name"/>.</summary>
    public IReadOnlyList<Uri> Named(string name) => Addresses(e => _names.TryGetValue(e, out var n) && n == name);

    private List<Uri> Addresses(Func<ListenOptions, bool> serves)
    {
        lock (_endpoints)
            return [.. _endpoints.Where(e => serves(e) && e.IPEndPoint is { Port: > 0 }).Select(e => ToUri(e.IPEndPoint!, _tls.Contains(e))).Distinct()];
    }

    private static Uri ToUri(IPEndPoint endpoint, bool tls)
    {
        var host = endpoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return new Uri($"{(tls ? "https" : "http")}://{host}:{endpoint.Port}");
    }
}
