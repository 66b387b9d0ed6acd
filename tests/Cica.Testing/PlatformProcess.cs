using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;

namespace Cica.Testing;

/// <summary>
/// The platform as a separate operating-system process (the Cica.Platform build next to the tests),
/// for what must cross a process boundary: events to another process, and a crash (SIGKILL) at a
/// moment of the test's choosing.
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PlatformProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>The address it listens on.</summary>
    public Uri Address { get; }

    /// <summary>A channel to it.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Everything the process printed so far (for failure messages).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts the platform over <paramref name="dataDirectory"/> and waits until it is SERVING.</summary>
    public static async Task<PlatformProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cica.Platform.dll"));
        start.ArgumentList.Add("--contentRoot=" + AppContext.BaseDirectory);
        start.ArgumentList.Add($"--Kestrel:Endpoints:Grpc:Url={address}");
        start.ArgumentList.Add("--Persistence:DataDirectory=" + dataDirectory);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.ArgumentList.Add($"--{key}={value}");

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var platform = new PlatformProcess(process, address);
        process.OutputDataReceived += (_, e) => platform.Append(e.Data);
        process.ErrorDataReceived += (_, e) => platform.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await HealthProbe.WaitUntilServingAsync(platform.Channel, timeout: TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            await platform.DisposeAsync();
            throw new TimeoutException($"{ex.Message}\n{platform.Output}", ex);
        }
        return platform;
    }

    /// <summary>SIGKILL, as `kill -9`: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A loopback port with nothing listening (a broker that is unreachable).</summary>
    public static int ClosedPort() => FreePort();
}
