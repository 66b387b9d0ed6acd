using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Net.Client;

namespace Cica.Testing;

/// <summary>
/// The platform as a separate operating-system process (the Cica.Platform build next to the tests),
/// for what must cross a process boundary: events to another process, and a crash (SIGKILL) at a
/// moment of the test's choosing.
/// </summary>
public sealed partial class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _disposed;

    private PlatformProcess(Process process) => _process = process;

    /// <summary>The address it listens on, as the process reported it.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Where it serves REST/JSON, as the process reported it (null until reported).</summary>
    public Uri? RestAddress { get; private set; }

    /// <summary>A channel to it.</summary>
    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>Everything the process printed so far (for failure messages).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Starts the platform over <paramref name="dataDirectory"/> and waits until it is SERVING. It binds
    /// port 0 itself (no port is picked here and released for it to take, which another process could
    /// take first) and the address is read from its startup report on standard output. It must report
    /// and serve within <paramref name="patience"/> (default 60 s each).
    /// </summary>
    public static async Task<PlatformProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, TimeSpan? patience = null)
    {
        var wait = patience ?? TimeSpan.FromSeconds(60);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cica.Platform.dll"));
        start.ArgumentList.Add("--contentRoot=" + AppContext.BaseDirectory);
        start.ArgumentList.Add("--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0");
        start.ArgumentList.Add("--Kestrel:Endpoints:Rest:Url=http://127.0.0.1:0");
        foreach (var argument in PlatformHost.PortalOnFreePort(settings)) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--Persistence:DataDirectory=" + dataDirectory);
        // The startup report ("CICA Platform serving … at http://127.0.0.1:PORT") is logged at Information.
        start.ArgumentList.Add("--Logging:LogLevel:Cica.Platform=Information");
        foreach (var (key, value) in TestSqlServer.Apply(dataDirectory, TestTokens.With(settings))) start.ArgumentList.Add($"--{key}={value}");

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var platform = new PlatformProcess(process);
        process.OutputDataReceived += (_, e) => platform.Append(e.Data);
        process.ErrorDataReceived += (_, e) => platform.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var reported = await Task.WhenAny(platform._serving.Task, exited).WaitAsync(wait);
            if (reported != platform._serving.Task)
                throw new TimeoutException($"the platform exited ({process.ExitCode}) before reporting where it serves");
            platform.Address = await platform._serving.Task;
            platform.Channel = DefaultCallerHandler.Channel(platform.Address);
            await HealthProbe.WaitUntilServingAsync(platform.Channel, timeout: wait);
        }
        catch (TimeoutException ex)
        {
            await platform.DisposeAsync();
            throw new TimeoutException($"{ex.Message}\n{platform.Output}", ex);
        }
        return platform;
    }

    /// <summary>The operating-system process id (for its resident memory in /proc, or a profiler).</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM, as an orderly stop by a supervisor: the host's shutdown code runs.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        if (Kill(_process.Id, 15) != 0) throw new InvalidOperationException($"kill -TERM {_process.Id} failed");
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>The operating-system process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>SIGSTOP: the process freezes where it is (mid-transaction, holding deliveries unacknowledged).</summary>
    public void Pause() => Signal(19);

    /// <summary>SIGCONT: a paused process runs on.</summary>
    public void Resume() => Signal(18);

    private void Signal(int signal)
    {
        if (!_process.HasExited && Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill -{signal} {_process.Id} failed");
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
        // Idempotent: a test may dispose a process early (to restart it with other settings) and
        // again at the end of its `await using` scope.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Channel?.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        var serving = ServingAt().Match(line);
        var rest = RestAt().Match(line);
        if (rest.Success) RestAddress = new Uri(rest.Groups["address"].Value.Split(',')[0].Trim().TrimEnd(';'));
        if (serving.Success) _serving.TrySetResult(new Uri(serving.Groups["address"].Value.Split(',')[0].Trim()));
    }

    [GeneratedRegex(@"CICA Platform serving .* at (?<address>http://\S+)")]
    private static partial Regex ServingAt();

    [GeneratedRegex(@"REST/JSON \(HTTP/1.1\) at (?<address>http://[^\s;,]+)")]
    private static partial Regex RestAt();

    // Only for a port that must stay closed: nothing here binds it afterwards.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A loopback port with nothing listening (a broker that is unreachable).</summary>
    public static int ClosedPort() => FreePort();
}
