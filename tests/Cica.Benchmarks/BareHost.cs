using System.Diagnostics;
using Cica.Contracts.Membership.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cica.Benchmarks;

/// <summary>
/// The baseline of the read figures: an otherwise empty ASP.NET Core host serving one gRPC unary
/// method, MembershipService.GetMemberState, which returns a constant response (the bytes the real
/// platform returned for the same request, so the messages on the wire are the same). No database,
/// no telemetry, no logging, Kestrel on 127.0.0.1 port 0 with HTTP/2 only (h2c).
///
/// It runs in a process of its own (this program started again with <c>bare-host FILE</c>), as the
/// platform does, so that neither shares a process, a GC heap or an ActivityListener with the other
/// or with the benchmark; it stops when its standard input closes, so it never outlives the benchmark.
/// </summary>
public static class BareHost
{
    /// <summary>The argument that makes this program the bare host.</summary>
    public const string Argument = "bare-host";

    /// <summary>Runs the bare host until standard input closes; prints "listening URL" once started.</summary>
    public static async Task RunAsync(string responseFile)
    {
        var response = GetMemberStateResponse.Parser.ParseFrom(await File.ReadAllBytesAsync(responseFile));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new ConstantMembership(response));
        var app = builder.Build();
        app.MapGrpcService<ConstantMembership>();
        await app.StartAsync();
        Console.WriteLine("listening " + app.Urls.First());
        await Console.In.ReadToEndAsync();   // the parent closes our stdin (or dies): stop
        await app.StopAsync();
    }

    /// <summary>GetMemberState answered with a constant; every other method is left unimplemented.</summary>
    public sealed class ConstantMembership(GetMemberStateResponse response) : MembershipService.MembershipServiceBase
    {
        /// <inheritdoc />
        public override Task<GetMemberStateResponse> GetMemberState(GetMemberStateRequest request, ServerCallContext context) =>
            Task.FromResult(response);
    }
}

/// <summary>The bare host as a child process of the benchmark.</summary>
public sealed class BareHostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BareHostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Where it listens (http://127.0.0.1:port).</summary>
    public Uri Address { get; }

    /// <summary>The operating-system process id (for dotnet-trace).</summary>
    public int Id => _process.Id;

    /// <summary>Starts this program again as the bare host, answering with <paramref name="responseFile"/>'s bytes.</summary>
    public static async Task<BareHostProcess> StartAsync(string responseFile)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cica.Benchmarks.dll"));
        start.ArgumentList.Add(BareHost.Argument);
        start.ArgumentList.Add(responseFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"The bare host did not start: '{line}'.");
        }
        return new BareHostProcess(process, new Uri(line["listening ".Length..]));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
