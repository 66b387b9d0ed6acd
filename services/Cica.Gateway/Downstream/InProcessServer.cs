using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cica.Gateway.Downstream;

/// <summary>
/// The process's own application, served in memory beside its sockets: when the gateway carries a
/// service in the same process (the embedded default), its calls to that service enter the very
/// same request pipeline (authentication, rate limit, interceptors, audit) without a loopback socket,
/// HTTP/2 framing or the kernel. ASP.NET Core's in-memory server (Microsoft.AspNetCore.TestHost's
/// TestServer) does the serving; this class starts it with the application Kestrel starts.
/// </summary>
/// <remarks>
/// Measured under issue 10's benchmark: over the socket, a dossier's eight downstream calls spent
/// most of their time in the kernel's scheduling and loopback, not in the services.
/// </remarks>
public sealed class InProcessServer(IServiceProvider services) : IDisposable
{
    private readonly TestServer _server = new(services, Options.Create(new TestServerOptions { PreserveExecutionContext = false }));
    private bool _started;

    /// <summary>A handler whose requests this process's application answers (in the caller's trace, as over a socket).</summary>
    public HttpMessageHandler CreateHandler() =>
        _started ? _server.CreateHandler()
            : throw new InvalidOperationException("The in-process server starts with the host: no call can be made before it.");

    internal Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken ct) where TContext : notnull
    {
        _started = true;
        return ((IServer)_server).StartAsync(application, ct);
    }

    /// <inheritdoc />
    public void Dispose() => _server.Dispose();

    /// <summary>
    /// Replaces the host's server (Kestrel) by one that starts both Kestrel and this in-memory
    /// server with the same application; Kestrel's features (its addresses) stay the host's.
    /// Call it after the host's server is registered.
    /// </summary>
    public static void AddTo(IServiceCollection services)
    {
        // A builder with no server (the platform's scratch builder that lists consumers) is never run.
        if (services.LastOrDefault(d => d.ServiceType == typeof(IServer)) is not { } socket) return;
        services.Remove(socket);
        var socketServer = socket.ImplementationType ?? throw new InvalidOperationException("The host's server must be registered by type.");
        services.AddSingleton(socketServer);
        services.AddSingleton<InProcessServer>();
        services.AddSingleton<IServer>(sp => new BothServers((IServer)sp.GetRequiredService(socketServer), sp.GetRequiredService<InProcessServer>()));
    }

    private sealed class BothServers(IServer sockets, InProcessServer memory) : IServer
    {
        public IFeatureCollection Features => sockets.Features;

        public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken ct) where TContext : notnull
        {
            await memory.StartAsync(application, ct);
            await sockets.StartAsync(application, ct);
        }

        public Task StopAsync(CancellationToken ct) => sockets.StopAsync(ct);

        public void Dispose() => sockets.Dispose();
    }
}
