using System.Collections.Concurrent;
using System.Diagnostics;
using Cica.Testing;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Cica.Security.Tests;

/// <summary>
/// Random bytes, random field values and mutated encodings sent to every RPC of every service (from
/// the service descriptors of the contracts): no INTERNAL, UNKNOWN or DATA_LOSS, no unhandled
/// exception or error in the logs, no change in any database (but the audit trail, which records
/// the refused writes), and the platform still SERVING. Writes are sent by callers that may not
/// make them (an observer, a member state that coordinates nothing), so nothing random can commit;
/// reads by the Secretariat. Runs <c>CICA_FUZZ_SECONDS</c> (default 5) and prints how many cases ran.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    // Reads (AIP standard methods) are sent as the Secretariat; anything else as an observer, or as a
    // member state that coordinates nothing where the rules (not the role) refuse it, so that no random
    // write can commit. A service merged later is fuzzed without a change here.
    private static bool IsRead(MethodDescriptor method) =>
        method.Name.StartsWith("Get", StringComparison.Ordinal) || method.Name.StartsWith("List", StringComparison.Ordinal)
        || method.Name.StartsWith("Subscribe", StringComparison.Ordinal);

    private static readonly HashSet<string> RefusedByTheRules = ["cica.cbm.v1.CbmCoordinationService.ReportActivity", "cica.cbm.v1.CbmCoordinationService.UpdateActivity"];

    [Fact]
    public async Task Random_and_mutated_requests_to_every_RPC_change_nothing_and_break_nothing()
    {
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("CICA_FUZZ_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 5;
        var seed = Environment.TickCount;
        using var data = new TempDirectory();
        var logs = new CapturedLogs();
        await using var host = await PlatformHost.StartAsync(data.Path, overrideServices: services => services.AddSingleton<ILoggerProvider>(logs));
        var before = await DatabaseFingerprint.SettledAsync(data.Path, TimeSpan.FromSeconds(20));
        logs.Clear();

        var invoker = host.Channel.CreateCallInvoker();
        var methods = ServedMethods.Of(host).ToList();
        var random = new RandomMessages(seed);
        var outcomes = new ConcurrentDictionary<string, int>();
        var failures = new List<string>();
        var cases = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds || cases < methods.Count * 3)
        {
            var method = methods[cases % methods.Count];
            var bytes = random.Case(method.InputType);
            var caller = IsRead(method) ? Callers.Secretariat
                : RefusedByTheRules.Contains(method.FullName) && cases % 2 == 0 ? Callers.MemberState("EGY") : Callers.Observer;
            var outcome = await RawCalls.CallAsync(invoker, method, bytes, caller, TimeSpan.FromMilliseconds(method.IsServerStreaming ? 100 : 5000));
            cases++;
            outcomes.AddOrUpdate(outcome.Status.StatusCode.ToString(), 1, (_, n) => n + 1);
            if (outcome.Status.StatusCode is StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss
                || (outcome.Status.StatusCode == StatusCode.ResourceExhausted))
                failures.Add($"{method.FullName} [{Convert.ToHexString(bytes)[..Math.Min(200, bytes.Length * 2)]}]: {outcome.Status}");
        }

        output.WriteLine($"fuzz: {cases} cases over {methods.Count} RPCs in {clock.Elapsed.TotalSeconds:0.0} s (seed {seed}): " +
            string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        Console.WriteLine($"fuzz: {cases} cases over {methods.Count} RPCs (seed {seed})");

        Assert.True(failures.Count == 0, $"seed {seed}:\n" + string.Join("\n", failures.Take(20)));
        var bad = logs.Entries.Where(e => e.Level >= LogLevel.Error || e.Exception is not null).Take(10).ToList();
        Assert.True(bad.Count == 0, "logged errors or exceptions:\n" + string.Join("\n", bad.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}")));
        await HealthProbe.WaitUntilServingAsync(host.Channel, timeout: TimeSpan.FromSeconds(5));
        var after = await DatabaseFingerprint.TakeAsync(data.Path);
        Assert.True(before.SequenceEqual(after), "databases changed:\n" + string.Join("\n", DatabaseFingerprint.Differences(before, after)));
    }
}

/// <summary>Every log entry of a host (at the host's configured levels).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>One entry.</summary>
    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception);

    /// <summary>What was logged so far.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Forgets what was logged.</summary>
    public void Clear() => _entries.Clear();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose() { }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception));
    }
}
