using System.Diagnostics;

namespace Cica.FaultInjection;

/// <summary>
/// The RabbitMQ the command runs against: the test run's (CICA_TEST_RABBITMQ, under
/// deploy/scripts/test.sh) or, when there is none, a private node of its own started with
/// deploy/scripts/rabbitmq.sh and destroyed at the end. The faults kill and wipe it: never point
/// the command at a broker others use.
/// </summary>
public sealed class PrivateBroker : IAsyncDisposable
{
    private readonly string? _script;

    private PrivateBroker(string? script) => _script = script;

    /// <summary>Uses the test run's broker, or starts a private one (its settings go into this process's environment, which the platform's processes inherit).</summary>
    public static async Task<PrivateBroker> EnsureAsync(string repository, Action<string> log)
    {
        if (Environment.GetEnvironmentVariable("CICA_TEST_RABBITMQ") is { Length: > 0 } uri)
        {
            log($"broker: {uri} (the test run's)");
            return new PrivateBroker(null);
        }
        var script = Path.Combine(repository, "deploy", "scripts", "rabbitmq.sh");
        // `env` picks free ports and a temp dir; the shell prints the exported settings NUL-separated.
        var output = await RunAsync("bash", "-c", $"set -e; eval \"$(bash '{script}' env)\"; bash '{script}' start >&2; env -0");
        foreach (var entry in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=');
            if (eq <= 0) continue;
            var key = entry[..eq];
            if (key.StartsWith("RABBITMQ_", StringComparison.Ordinal) || key.StartsWith("CICA_", StringComparison.Ordinal) || key == "ERL_EPMD_PORT")
                Environment.SetEnvironmentVariable(key, entry[(eq + 1)..]);
        }
        log($"broker: {Environment.GetEnvironmentVariable("CICA_TEST_RABBITMQ")} (private, started for this run)");
        return new PrivateBroker(script);
    }

    /// <summary>Destroys the private node now, synchronously (an interrupted command).</summary>
    public void Destroy()
    {
        if (_script is null) return;
        try
        {
            RunAsync("bash", _script, "destroy").Wait(TimeSpan.FromMinutes(2));
        }
        catch (Exception) { /* best effort while exiting */ }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_script is null) return;
        try
        {
            await RunAsync("bash", _script, "destroy");
        }
        catch (InvalidOperationException) { /* reported by the script; nothing more to do */ }
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
