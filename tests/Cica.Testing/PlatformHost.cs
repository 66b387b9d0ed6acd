using Cica.Platform;
using Cica.ServiceDefaults.Endpoints;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Cica.Testing;

/// <summary>
/// The real platform application inside the test process, listening on a free loopback port (real
/// HTTP/2 socket) with SQLite files in a directory of its own. Restarting over the same directory
/// is how a test shows that nothing was lost.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PlatformHost(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        var endpoints = app.Services.GetRequiredService<ServedEndpoints>();
        Address = endpoints.Grpc.First();
        RestAddress = endpoints.Rest.FirstOrDefault();
        PortalAddress = endpoints.Named(Cica.Portal.PortalModule.EndpointName).FirstOrDefault();
        Channel = DefaultCallerHandler.Channel(Address);
    }

    /// <summary>Where the services keep their SQLite files.</summary>
    public string DataDirectory { get; }

    /// <summary>The address it listens on (http://127.0.0.1:port).</summary>
    public Uri Address { get; }

    /// <summary>A channel to it (a call without metadata is made as an observer: see <see cref="DefaultCallerHandler"/>).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Where it serves REST/JSON (HTTP/1.1), when it does.</summary>
    public Uri? RestAddress { get; }

    /// <summary>Where the coordinators' portal serves its pages (HTTP/1.1), when this host carries it.</summary>
    public Uri? PortalAddress { get; }

    /// <summary>The application's services, for tests that inspect the host.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the platform over <paramref name="dataDirectory"/> with extra settings ("Key" → value,
    /// e.g. "Messaging:RabbitMq"), and waits until every service is SERVING unless told not to.
    /// <paramref name="overrideServices"/> replaces registrations, e.g. the TimeProvider with a fake clock.
    /// </summary>
    public static async Task<PlatformHost> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null,
        bool waitUntilServing = true, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? overrideServices = null)
    {
        var args = new List<string>
        {
            "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
            "--Kestrel:Endpoints:Rest:Url=http://127.0.0.1:0",
            "--Persistence:DataDirectory=" + dataDirectory,
            "--Logging:LogLevel:Default=Warning",
        };
        args.AddRange(PortalOnFreePort(settings));
        // The test run's signing key is trusted (TestTokens); a test's own settings win.
        foreach (var (key, value) in TestSqlServer.Apply(dataDirectory, TestTokens.With(settings))) args.Add($"--{key}={value}");

        var app = PlatformApp.Create([.. args], overrideServices);
        await app.StartAsync();
        var host = new PlatformHost(app, dataDirectory);
        if (waitUntilServing) await host.WaitUntilServingAsync();
        return host;
    }

    /// <summary>
    /// The portal's pages on a free port too (never its default 5090, which parallel tests would
    /// share), when the platform carries the portal: all services, or "portal" named in Cica:Services.
    /// </summary>
    public static IEnumerable<string> PortalOnFreePort(IReadOnlyDictionary<string, string>? settings)
    {
        if (settings is null || !settings.TryGetValue("Cica:Services", out var carried)
            || carried.Split(',', StringSplitOptions.TrimEntries).Any(s => s.Equals("portal", StringComparison.OrdinalIgnoreCase) || s.Equals("all", StringComparison.OrdinalIgnoreCase)))
            yield return "--Kestrel:Endpoints:Portal:Url=http://127.0.0.1:0";
    }

    /// <summary>A gRPC client of this host, e.g. <c>Client&lt;MembershipService.MembershipServiceClient&gt;()</c>.</summary>
    public T Client<T>() where T : Grpc.Core.ClientBase<T> => (T)Activator.CreateInstance(typeof(T), Channel)!;

    /// <summary>Polls grpc.health.v1 until the overall status is SERVING (at most 30 s).</summary>
    public Task WaitUntilServingAsync(string service = "") => HealthProbe.WaitUntilServingAsync(Channel, service);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>grpc.health.v1 helpers.</summary>
public static class HealthProbe
{
    /// <summary>The status of <paramref name="service"/> ("" for the whole server).</summary>
    public static async Task<HealthCheckResponse.Types.ServingStatus> StatusAsync(GrpcChannel channel, string service = "") =>
        (await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service })).Status;

    /// <summary>Polls until SERVING, failing after <paramref name="timeout"/> (default 30 s).</summary>
    public static async Task WaitUntilServingAsync(GrpcChannel channel, string service = "", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var status = await StatusAsync(channel, service);
                if (status == HealthCheckResponse.Types.ServingStatus.Serving) return;
                last = status.ToString();
            }
            catch (Grpc.Core.RpcException ex)
            {
                last = ex.Status.ToString();
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"'{service}' did not become SERVING (last: {last}).");
    }
}
