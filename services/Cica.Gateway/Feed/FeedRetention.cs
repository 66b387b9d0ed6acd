using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cica.Gateway.Feed;

/// <summary>Removes events older than <see cref="FeedOptions.Retention"/> every <see cref="FeedOptions.PurgeInterval"/>.</summary>
public sealed partial class FeedRetention(FeedStore store, GatewayDatabase database, IOptions<FeedOptions> options, ILogger<FeedRetention> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.Ready.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await store.PurgeAsync(stoppingToken);
                if (removed > 0) LogPurged(logger, removed, options.Value.Retention);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
            await Task.Delay(options.Value.PurgeInterval, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed retention removed {Count} events older than {Retention}")]
    private static partial void LogPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed retention failed; it retries at its next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
