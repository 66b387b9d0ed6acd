using Cica.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cica.Messaging.Retention;

/// <summary>
/// Removes, from every database of the host, request_log and inbox_messages rows older than
/// <see cref="RetentionOptions.Period"/>, and published outbox rows older than the republish window
/// (<see cref="Outbox.OutboxOptions.RepublishWindow"/>), in writes of at most <see cref="RetentionOptions.BatchSize"/>
/// rows each (each write goes through the database's writer like any other and holds it briefly).
/// </summary>
public sealed partial class RetentionService(IServiceProvider services, TimeProvider clock, IOptions<RetentionOptions> options,
    IOptions<MessagingOptions> messaging, IOptions<Outbox.OutboxOptions> outbox, ILogger<RetentionService> logger) : BackgroundService
{
    private readonly RetentionOptions _options = options.Value;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (messaging.Value.DeployTopologyOnly) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(stoppingToken);
                await Task.Delay(_options.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            }
        }
    }

    /// <summary>One pass over every ready database; returns the rows removed.</summary>
    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = (clock.GetUtcNow() - _options.Period).ToString("O");
        // Published rows: kept for the republish window (on the in-memory bus the relay forgets them sooner).
        var keep = outbox.Value.RepublishWindow > outbox.Value.KeepPublishedInMemory ? outbox.Value.RepublishWindow : outbox.Value.KeepPublishedInMemory;
        var publishedCutoff = (clock.GetUtcNow() - keep).ToUnixTimeMilliseconds();
        var removed = 0;
        foreach (var database in services.GetServices<Database>())
        {
            if (!database.Ready.IsCompletedSuccessfully) continue;
            var requests = await PruneTableAsync(database,
                "SELECT operation AS A, request_id AS B FROM request_log WHERE created_at < @Cutoff ORDER BY created_at {limit}",
                "DELETE FROM request_log WHERE operation = @A AND request_id = @B", cutoff, ct);
            var inbox = await PruneTableAsync(database,
                "SELECT message_id AS A, consumer AS B FROM inbox_messages WHERE received_at < @Cutoff ORDER BY received_at {limit}",
                "DELETE FROM inbox_messages WHERE message_id = @A AND consumer = @B", cutoff, ct);
            var published = await PrunePublishedAsync(database, publishedCutoff, ct);
            if (requests + inbox + published > 0) LogPruned(logger, database.Options.ServiceName, requests, inbox, cutoff, published);
            removed += requests + inbox + published;
        }
        return removed;
    }

    private async Task<int> PruneTableAsync(Database database, string select, string delete, string cutoff, CancellationToken ct)
    {
        var removed = 0;
        while (true)
        {
            var batch = await database.WriteAsync(async uow =>
            {
                var keys = (await uow.QueryAsync<Key>(select, new { Cutoff = cutoff, Limit = _options.BatchSize }, ct)).ToList();
                if (keys.Count > 0) await uow.ExecuteAsync(delete, keys, ct);
                return keys.Count;
            }, ct);
            removed += batch;
            if (batch < _options.BatchSize) return removed;
            await Task.Yield(); // other writes queue between batches
        }
    }

    // The oldest published rows first, by the published_at index.
    private async Task<int> PrunePublishedAsync(Database database, long cutoff, CancellationToken ct)
    {
        var removed = 0;
        while (true)
        {
            var batch = await database.WriteAsync(uow => uow.ExecuteAsync(Outbox.RepublishStatements.PrunePublished,
                new { Cutoff = cutoff, Limit = _options.BatchSize }, ct), ct);
            removed += batch;
            if (batch < _options.BatchSize) return removed;
            await Task.Yield();
        }
    }

    private sealed record Key(string A, string B);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention on {Service}: removed {Requests} retry records and {Inbox} inbox entries older than {Cutoff}, and {Published} published outbox rows past the republish window")]
    private static partial void LogPruned(ILogger logger, string service, int requests, int inbox, string cutoff, int published);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass failed; trying again in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
