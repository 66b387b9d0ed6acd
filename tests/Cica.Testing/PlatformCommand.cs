using System.Diagnostics;

namespace Cica.Testing;

/// <summary>
/// The platform binary run to completion, as an operator runs a command (a deployment step,
/// <c>outbox parked list</c>): its exit code and everything it printed.
/// </summary>
public static class PlatformCommand
{
    /// <summary>Runs Cica.Platform.dll with <paramref name="arguments"/> in <paramref name="dataDirectory"/>, waiting at most <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cica.Platform.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--contentRoot=" + AppContext.BaseDirectory);
        start.ArgumentList.Add("--Persistence:DataDirectory=" + dataDirectory);
        start.ArgumentList.Add("--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0");
        start.ArgumentList.Add("--Kestrel:Endpoints:Rest:Url=http://127.0.0.1:0"); // 5088 may be held by another run on the machine
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Cica.Platform {string.Join(' ', arguments)} did not exit in {timeout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
