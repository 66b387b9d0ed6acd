using Cica.Contracts.Chairmanship.V1;
using Microsoft.Extensions.Configuration;
using Cica.ServiceKit.Sweeping;
using Microsoft.Extensions.Logging;

namespace Cica.Chairmanship.Silence;

/// <summary>
/// Concludes silence procedures at their deadlines: at start-up (those whose deadline passed while
/// the service was down), at the nearest deadline, when a procedure is started or extended, and on a
/// safety-net poll. Each conclusion is its own write and a conditional update, so another instance
/// on the same database, or this one after a restart, finds nothing left to do.
/// </summary>
public sealed partial class SilenceDeadlineSweeper(ChairmanshipDatabase database, TimeProvider clock, IConfiguration configuration,
    SilenceMetrics metrics, ILogger<SilenceDeadlineSweeper> logger) : DueWorkSweeper(database.Ready, clock)
{
    /// <summary>Configuration key of the safety-net poll interval (default 2 s).</summary>
    public const string PollIntervalKey = "Chairmanship:SilenceSweep:PollInterval";

    private readonly SemaphoreSlim _wake = new(0);
    private TimeSpan PollInterval => TimeSpan.TryParse(configuration[PollIntervalKey], System.Globalization.CultureInfo.InvariantCulture, out var poll)
        ? poll : TimeSpan.FromSeconds(2);

    /// <summary>Looks again at once (a deadline was set or moved).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    private static readonly System.Diagnostics.ActivitySource Source = new("Cica.Chairmanship.Silence");

    /// <summary>Concludes every procedure due now; returns how many this call concluded.</summary>
    public override async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        var due = await database.QueryAsync<string>(
            "SELECT procedure_id FROM silence_procedures WHERE state = @state AND deadline_utc <= @now ORDER BY deadline_utc",
            new { state = (int)SilenceProcedureState.UnderSilence, now = SilenceDeadlines.Sortable(now) }, ct);
        var concluded = 0;
        foreach (var id in due)
        {
            // A conclusion is a unit of work of its own: one trace, which its events' publishes continue.
            using var activity = Source.StartActivity("conclude " + id, System.Diagnostics.ActivityKind.Internal, parentContext: default);
            if (await database.WriteAsync(uow => SilenceProcedures.ConcludeAsync(uow, id, Clock.GetUtcNow(), ct), ct))
            {
                concluded++;
                LogConcluded(logger, id);
            }
        }
        return concluded;
    }

    // Until the nearest deadline by the platform's clock, a wake-up, or the poll, whichever is first.
    protected override async Task WaitAsync(CancellationToken ct)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var waits = new List<Task> { _wake.WaitAsync(waiting.Token), Task.Delay(PollInterval, waiting.Token) };
        var open = await database.QuerySingleOrDefaultAsync<OpenProcedures>(
            "SELECT COUNT(*) AS Count, MIN(deadline_utc) AS Nearest FROM silence_procedures WHERE state = @state",
            new { state = (int)SilenceProcedureState.UnderSilence }, ct) ?? new OpenProcedures();
        DateTimeOffset? nearest = open.Nearest is not null && DateTimeOffset.TryParse(open.Nearest, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var deadline) ? deadline : null;
        metrics.Observe(open.Count, nearest);
        if (nearest is { } next)
        {
            var delay = next - Clock.GetUtcNow();
            if (delay > TimeSpan.Zero && delay < TimeSpan.FromDays(30)) waits.Add(Task.Delay(delay, Clock, waiting.Token));
        }
        await Task.WhenAny(waits);
        await waiting.CancelAsync();
    }

    /// <inheritdoc />
    protected override TimeSpan RetryDelay => PollInterval;

    /// <inheritdoc />
    protected override void LogFailure(Exception exception) => LogFailed(logger, exception);

    private sealed class OpenProcedures
    {
        public long Count { get; init; }
        public string? Nearest { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silence procedure {Procedure} concluded at its deadline")]
    private static partial void LogConcluded(ILogger logger, string procedure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping silence deadlines failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
