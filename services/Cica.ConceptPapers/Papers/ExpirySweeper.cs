using Cica.Domain.Time;
using Microsoft.Extensions.Configuration;
using Cica.ServiceKit.Sweeping;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Cica.ConceptPapers.Papers;

/// <summary>
/// Expires approved documents whose period is over: at start-up (periods that ended while the
/// service was down), at the next Astana midnight after a period's last day, and on a periodic
/// poll. Each expiry is its own write and a conditional update (see <see cref="Expiry"/>), so
/// another instance on the same database, or this one after a restart, finds nothing left to do.
/// </summary>
public sealed partial class ExpirySweeper(ConceptPapersDatabase database, TimeProvider clock, IConfiguration configuration,
    ILogger<ExpirySweeper> logger) : DueWorkSweeper(database.Ready, clock)
{
    /// <summary>Configuration key of the poll interval (a TimeSpan, default 1 hour, at most a day).</summary>
    public const string PollIntervalKey = "ConceptPapers:ExpirySweep:PollInterval";

    private static readonly System.Diagnostics.ActivitySource Source = new("Cica.ConceptPapers.Expiry");

    private TimeSpan PollInterval => TimeSpan.TryParse(configuration[PollIntervalKey], System.Globalization.CultureInfo.InvariantCulture, out var poll)
        && poll > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(poll.Ticks, TimeSpan.TicksPerDay)) : TimeSpan.FromHours(1);

    /// <summary>Expires every document due today in Astana; returns how many this call expired.</summary>
    public override async Task<int> SweepAsync(CancellationToken ct)
    {
        var due = await Expiry.DueAsync(database, AstanaTime.Today(Clock), ct);
        var expired = 0;
        foreach (var id in due)
        {
            // An expiry is a unit of work of its own: one trace, which its event's publish continues.
            using var activity = Source.StartActivity("expire policyDocuments/" + id, System.Diagnostics.ActivityKind.Internal, parentContext: default);
            if (await database.WriteAsync(uow => Expiry.ExpireAsync(uow, id, AstanaTime.Today(Clock), Clock.GetUtcNow(), ct), ct))
            {
                expired++;
                LogExpired(logger, id);
            }
        }
        return expired;
    }

    // Until the next expiry falls due (Astana midnight after the earliest last day) or the poll, whichever is first.
    protected override async Task WaitAsync(CancellationToken ct)
    {
        var wait = PollInterval;
        if (await Expiry.NextLastDayAsync(database, ct) is { } lastDay)
        {
            var due = AstanaTime.Zone.AtStartOfDay(LocalDate.FromDateOnly(lastDay).PlusDays(1)).ToDateTimeOffset();
            var untilDue = due - Clock.GetUtcNow();
            // A due time already past means a document is still due (the sweep just failed on it): look again in a second, not at once.
            if (untilDue < wait) wait = untilDue > TimeSpan.Zero ? untilDue : TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, wait.Ticks));
        }
        await Task.Delay(wait, Clock, ct);
    }

    /// <inheritdoc />
    protected override TimeSpan RetryDelay => PollInterval;

    /// <inheritdoc />
    protected override void LogFailure(Exception exception) => LogFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy document {Document} expired: its period is over")]
    private static partial void LogExpired(ILogger logger, long document);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired policy documents failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
