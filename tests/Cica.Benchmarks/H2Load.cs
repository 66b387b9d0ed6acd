using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Cica.Contracts.Membership.V1;
using Google.Protobuf;

namespace Cica.Benchmarks;

/// <summary>
/// A second, independent measuring tool: h2load (Debian's nghttp2-client) sends ListMemberStates as
/// raw HTTP/2 to the same server, so the figure owes nothing to the .NET gRPC client. Bounded by
/// request count and by a time limit; loopback only.
/// </summary>
public static class H2Load
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Runs h2load against <paramref name="address"/>, printing its figures; skips when it is not installed.</summary>
    public static async Task RunAsync(Uri address, string workDirectory, int requests, int clients, int streams)
    {
        if (!OnPath("h2load") || !OnPath("nghttp"))
        {
            Report.Fact("h2load", "skipped: not installed (apt-get install nghttp2-client)");
            return;
        }
        var url = new Uri(address, $"/{MembershipService.Descriptor.FullName}/ListMemberStates").ToString();
        var body = Path.Combine(workDirectory, "list-member-states.grpc");
        await File.WriteAllBytesAsync(body, Frame(new ListMemberStatesRequest { PageSize = 100 }));
        string[] headers = ["-H", "content-type: application/grpc", "-H", "te: trailers", "-H", "authorization: Bearer " + Cica.Testing.TestTokens.For("observer")];

        // h2load counts a gRPC error (HTTP 200 with a non-zero grpc-status trailer) as a success:
        // one call with nghttp first shows that the request itself is answered with status 0.
        var (_, probe) = await RunAsync("nghttp", ["-v", "-d", body, .. headers, url]);
        var status = probe.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("grpc-status:", StringComparison.Ordinal));
        Report.Fact("one call by nghttp", status is null ? "no grpc-status trailer (see h2load figures with care)" : status[(status.IndexOf("grpc-status", StringComparison.Ordinal))..]);

        var (exit, output) = await RunAsync("h2load",
            ["-n", requests.ToString(CultureInfo.InvariantCulture), "-c", clients.ToString(CultureInfo.InvariantCulture),
             "-m", streams.ToString(CultureInfo.InvariantCulture), "-t", "1", "-d", body, .. headers, url]);
        Report.Fact("h2load", $"-n {requests} -c {clients} -m {streams} -t 1 (exit {exit})");
        string[] kept = ["finished in", "requests:", "status codes:", "time for request:"];
        var lines = output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            // "time for request" comes under a header line of its own (min, max, mean, sd).
            if (lines[i].StartsWith("time for request:", StringComparison.Ordinal) && i > 0) Console.WriteLine("     " + lines[i - 1].TrimEnd());
            if (kept.Any(k => lines[i].StartsWith(k, StringComparison.Ordinal))) Console.WriteLine("     " + lines[i].TrimEnd());
        }
    }

    /// <summary>h2load's figures of one timed run.</summary>
    public sealed record Throughput(string Label, double RequestsPerSecond, long Done, long Succeeded, long Failed, long Errored, int Exit, string MeanLatency);

    /// <summary>Whether h2load and nghttp are installed.</summary>
    public static bool Installed => OnPath("h2load") && OnPath("nghttp");

    /// <summary>Writes <paramref name="request"/> as one gRPC frame to a file (h2load's -d body) and returns its path.</summary>
    public static async Task<string> BodyAsync(string directory, string name, IMessage request)
    {
        var body = Path.Combine(directory, name + ".grpc");
        await File.WriteAllBytesAsync(body, Frame(request));
        return body;
    }

    /// <summary>
    /// One call by nghttp: the "grpc-status: N" trailer it printed, or null when there was none.
    /// (h2load counts a gRPC error as a success, so every timed run is preceded by this check.)
    /// </summary>
    public static async Task<string?> GrpcStatusAsync(string url, string body)
    {
        var (_, probe) = await RunAsync("nghttp", ["-v", "-d", body, .. GrpcHeaders, url]);
        var status = probe.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("grpc-status:", StringComparison.Ordinal));
        return status?[status.IndexOf("grpc-status", StringComparison.Ordinal)..];
    }

    /// <summary>
    /// h2load for <paramref name="seconds"/> after <paramref name="warmupSeconds"/> untimed, with
    /// <paramref name="clients"/> connections of <paramref name="streams"/> concurrent streams each, one thread.
    /// </summary>
    public static async Task<Throughput> TimedAsync(string label, string url, string body, int clients, int streams, int seconds, int warmupSeconds)
    {
        var (exit, output) = await RunAsync("h2load",
            ["-D", seconds.ToString(CultureInfo.InvariantCulture), "--warm-up-time", warmupSeconds.ToString(CultureInfo.InvariantCulture),
             "-c", clients.ToString(CultureInfo.InvariantCulture), "-m", streams.ToString(CultureInfo.InvariantCulture), "-t", "1",
             "-d", body, .. GrpcHeaders, url]);
        var lines = output.Split('\n').Select(l => l.Trim()).ToArray();
        // "finished in 4.00s, 15057.09 req/s, 32.60MB/s"
        var finished = lines.FirstOrDefault(l => l.StartsWith("finished in", StringComparison.Ordinal)) ?? "";
        var rate = finished.Split(',').Select(p => p.Trim()).FirstOrDefault(p => p.EndsWith(" req/s", StringComparison.Ordinal));
        // "requests: 20000 total, 20000 started, 20000 done, 20000 succeeded, 0 failed, 0 errored, 0 timeout"
        var requests = lines.FirstOrDefault(l => l.StartsWith("requests:", StringComparison.Ordinal)) ?? "";
        long Count(string what) => requests["requests:".Length..].Split(',').Select(p => p.Trim().Split(' '))
            .Where(p => p.Length == 2 && p[1] == what).Select(p => long.Parse(p[0], CultureInfo.InvariantCulture)).FirstOrDefault();
        // "time for request:      449us     30.69ms      6.46ms ..." (min, max, mean, sd, +/- sd)
        var time = lines.FirstOrDefault(l => l.StartsWith("time for request:", StringComparison.Ordinal))?["time for request:".Length..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new Throughput(label, rate is null ? 0 : double.Parse(rate[..^" req/s".Length], CultureInfo.InvariantCulture),
            Count("done"), Count("succeeded"), Count("failed"), Count("errored"), exit, time is { Length: >= 3 } ? time[2] : "?");
    }

    private static readonly string[] GrpcHeaders = ["-H", "content-type: application/grpc", "-H", "te: trailers", "-H", "authorization: Bearer " + Cica.Testing.TestTokens.For("observer")];

    // A gRPC message on the wire: a 0 byte (not compressed), its length as 4 big-endian bytes, the protobuf bytes.
    private static byte[] Frame(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private static async Task<(int Exit, string Output)> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException(tool + " did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);   // bounded: never outlive the benchmark
            await process.WaitForExitAsync();
        }
        return (process.HasExited ? process.ExitCode : -1, await stdout + await stderr);
    }
}
