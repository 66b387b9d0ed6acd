using Cica.Testing;
using Grpc.Net.Client;

namespace Cica.FaultInjection;

/// <summary>
/// The platform under test: Membership, CBM, Chairmanship, Concept Papers and the gateway, each a
/// process of its own (the same Cica.Platform binary with one module selected) over its own SQLite
/// file, on a virtual host of the real RabbitMQ; or, with <see cref="StartOneProcessAsync"/>, every
/// module in one process on the in-memory bus, as the README's run command starts it. Each service
/// listens on a port fixed for the suite's life, so a restarted one is found where it was.
/// </summary>
public sealed class Suite : IAsyncDisposable
{
    /// <summary>The producer of the stream.</summary>
    public const string Membership = "membership";

    /// <summary>The gateway: its feed consumes every event.</summary>
    public const string Gateway = "gateway";

    /// <summary>The services that keep the admitted states (known_member_states, from MemberStateAdmitted).</summary>
    public static readonly IReadOnlyList<string> Consumers = ["cbm", "chairmanship"];

    // Concept Papers consumes CBM's events, not Membership's: it runs, but applies nothing of the stream.
    private static readonly IReadOnlyList<string> Services = [Membership, .. Consumers, "concept-papers", Gateway];

    // A shared machine may be slow: a process gets this long to serve before the suite gives up.
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(4);

    // Every process any suite started, for a command interrupted (Ctrl+C) to take down.
    private static readonly List<PlatformProcess> Everything = [];

    private readonly Dictionary<string, Uri> _addresses = [];
    private readonly Dictionary<string, PlatformProcess> _running = [];
    private readonly List<PlatformProcess> _all = [];
    private readonly Dictionary<Uri, GrpcChannel> _channels = [];
    private readonly string? _broker;

    private Suite(string root, string? broker, bool oneProcess)
    {
        Root = root;
        _broker = broker;
        OneProcess = oneProcess;
    }

    /// <summary>The folder holding every service's data.</summary>
    public string Root { get; }

    /// <summary>True when every module runs in one process (in-memory bus).</summary>
    public bool OneProcess { get; }

    /// <summary>Starts the five processes on a new virtual host of the test broker, after deploying the topology.</summary>
    public static async Task<Suite> StartAsync(string root)
    {
        var suite = new Suite(root, await RabbitMqBroker.IsolatedUriAsync(), oneProcess: false);
        try
        {
            foreach (var service in Services) suite._addresses[service] = FreeAddress();
            await suite.DeployTopologyAsync();
            // Membership first: the others' seeds wait for its admissions before they serve.
            await suite.StartServiceAsync(Membership);
            await Task.WhenAll(Services.Skip(1).Select(s => suite.StartServiceAsync(s)));
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
        return suite;
    }

    /// <summary>Starts every module in one process, on the in-memory bus.</summary>
    public static async Task<Suite> StartOneProcessAsync(string root)
    {
        var suite = new Suite(root, broker: null, oneProcess: true);
        suite._addresses["all"] = FreeAddress();
        try
        {
            await suite.StartServiceAsync("all");
        }
        catch
        {
            await suite.DisposeAsync();
            throw;
        }
        return suite;
    }

    /// <summary>The deployment step of the README: every exchange, queue and binding, then exit.</summary>
    public async Task DeployTopologyAsync()
    {
        var (exit, output) = await PlatformCommand.RunAsync(Directory.CreateDirectory(Path.Combine(Root, "deploy")).FullName,
            ["--Messaging:RabbitMq=" + _broker, "--Messaging:DeployTopologyOnly=true"], TimeSpan.FromMinutes(2));
        if (exit != 0) throw new InvalidOperationException("deploying the topology failed:\n" + output);
    }

    /// <summary>The broker URI of the suite (its virtual host).</summary>
    public string Broker => _broker ?? throw new InvalidOperationException("the one-process platform uses the in-memory bus");

    /// <summary>The process of <paramref name="service"/> ("all" for the one-process platform).</summary>
    public PlatformProcess this[string service] => _running[OneProcess ? "all" : service];

    /// <summary>Where <paramref name="service"/> answers gRPC.</summary>
    public Uri AddressOf(string service) => _addresses[OneProcess ? "all" : service];

    /// <summary>A channel to <paramref name="address"/>, one per address for the suite's life.</summary>
    public GrpcChannel ChannelTo(Uri address)
    {
        lock (_channels)
        {
            if (!_channels.TryGetValue(address, out var channel)) _channels[address] = channel = DefaultCallerHandler.Channel(address);
            return channel;
        }
    }

    /// <summary>The SQLite file of <paramref name="service"/>.</summary>
    public string DatabaseOf(string service) => Path.Combine(DataOf(OneProcess ? "all" : service), service + ".db");

    private string DataOf(string service) => Directory.CreateDirectory(Path.Combine(Root, service)).FullName;

    /// <summary>Starts <paramref name="service"/> on its address over its data (again, after a kill).</summary>
    public async Task StartServiceAsync(string service)
    {
        var process = await PlatformProcess.StartAsync(DataOf(service), Settings(service, _addresses[service]), StartPatience);
        lock (_all)
        {
            _all.Add(process);
            _running[service] = process;
        }
        lock (Everything) Everything.Add(process);
    }

    /// <summary>
    /// A second instance of <paramref name="service"/> over the same database, on an address of its
    /// own; stopped with the suite or by the caller.
    /// </summary>
    public async Task<PlatformProcess> StartSecondInstanceAsync(string service, Uri address)
    {
        var process = await PlatformProcess.StartAsync(DataOf(service), Settings(service, address), StartPatience);
        lock (_all) _all.Add(process);
        lock (Everything) Everything.Add(process);
        return process;
    }

    /// <summary>kill -9 of <paramref name="service"/>'s process.</summary>
    public Task KillAsync(string service) => this[service].KillAsync();

    private Dictionary<string, string> Settings(string service, Uri address)
    {
        var settings = new Dictionary<string, string> { ["Kestrel:Endpoints:Grpc:Url"] = address.ToString().TrimEnd('/') };
        if (OneProcess) return settings; // every module, in-memory bus: the README's `dotnet run`
        settings["Cica:Services"] = service;
        settings["Messaging:RabbitMq"] = RabbitMqBroker.As(service, Broker); // its own broker user: consumers accept only the owner's events
        if (service == Gateway)
            foreach (var downstream in Services.Where(s => s != Gateway)) settings["Gateway:Services:" + downstream] = _addresses[downstream].ToString();
        return settings;
    }

    /// <summary>kill -9 of every process any suite started (an interrupted command must leave none behind).</summary>
    public static void KillEverything()
    {
        lock (Everything)
            foreach (var process in Everything)
                try { process.KillAsync().Wait(TimeSpan.FromSeconds(5)); } catch (Exception) { /* already gone */ }
    }

    /// <summary>A loopback address with nothing listening yet, for a service to bind for the suite's life.</summary>
    public static Uri FreeAddress() => new($"http://127.0.0.1:{PlatformProcess.ClosedPort()}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_channels)
        {
            foreach (var channel in _channels.Values) channel.Dispose();
            _channels.Clear();
        }
        List<PlatformProcess> all;
        lock (_all) all = [.. _all];
        await Task.WhenAll(all.Select(p => p.DisposeAsync().AsTask()));
    }
}
