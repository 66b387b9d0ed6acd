using Microsoft.Extensions.Hosting;

namespace Cica.ServiceKit.Sweeping;

/// <summary>
/// A service's background work that falls due with time (silence deadlines, papers' periods): once
/// the database is ready (<paramref name="databaseReady"/>), sweep what is due, wait until the next thing falls due (or a poll), and
/// again; a failed sweep is logged and retried after <see cref="RetryDelay"/>. Each sweep's writes
/// must be conditional, so another instance, or this one after a restart, finds nothing left to do.
/// </summary>
public abstract class DueWorkSweeper(Task databaseReady, TimeProvider clock) : BackgroundService
{
    /// <summary>The platform's clock, by which work falls due.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>Does the work due now; returns how many items it did.</summary>
    public abstract Task<int> SweepAsync(CancellationToken ct);

    /// <summary>Waits until the next item falls due, a wake-up or the poll, whichever is first.</summary>
    protected abstract Task WaitAsync(CancellationToken ct);

    /// <summary>How long to wait after a failed sweep.</summary>
    protected abstract TimeSpan RetryDelay { get; }

    /// <summary>Logs a failed sweep (one line of the service's own).</summary>
    protected abstract void LogFailure(Exception exception);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await databaseReady.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailure(ex);
                await Task.Delay(RetryDelay, Clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
