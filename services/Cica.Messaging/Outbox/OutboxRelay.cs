using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cica.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cica.Messaging.Outbox;

/// <summary>
/// Publishes one database's outbox, oldest first: wakes on every commit that wrote events (and
/// polls as a safety net), drains what a previous run left at start-up, and deletes a row only
/// after the broker confirmed the message. A crash between confirm and delete republishes the
/// message with the same id, which the consumers' inbox ignores: delivery is at least once,
/// effects exactly once. That holds on RabbitMQ, whose confirm means a durable copy in every bound
/// queue. On the in-memory transport (one process, development) "published" means handed to an
/// in-process queue: an event in flight when the process dies is lost.
/// </summary>
public sealed partial class OutboxRelay<TDatabase>(
    TDatabase database,
    IEventPublisher publisher,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay<TDatabase>> logger) : BackgroundService where TDatabase : Database
{
    private static readonly ActivitySource Source = new("Cica.Messaging.Outbox");
    private static readonly Meter Meter = new("Cica.Messaging.Outbox");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("cica.outbox.published", description: "Events the relay published and removed from the outbox");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("cica.outbox.publish_failures", description: "Publish attempts that failed and will be retried");

    private readonly OutboxOptions _options = options.Value;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.Ready.WaitAsync(stoppingToken);
            await publisher.WaitUntilReadyAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // stopped before the database was ready: nothing to relay
        }
        var service = database.Options.ServiceName;
        var retryDelay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishBatchAsync(stoppingToken);
                if (retryDelay > TimeSpan.Zero) LogRecovered(logger, service);
                retryDelay = TimeSpan.Zero;
                if (published == _options.BatchSize) continue; // more rows waiting
                await database.Commits.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Failures.Add(1, new KeyValuePair<string, object?>("service", service));
                retryDelay = retryDelay == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250)
                    : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
                LogPublishFailed(logger, ex, service, retryDelay.TotalSeconds);
                await Task.Delay(retryDelay, stoppingToken);
            }
        }
    }

    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        var batch = await database.QueryAsync<OutboxMessage>(
            """
            SELECT sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, payload AS Payload,
                   trace_parent AS TraceParent, trace_state AS TraceState
            FROM outbox_messages ORDER BY sequence {limit}
            """, new { Limit = _options.BatchSize }, ct);
        if (batch.Count > 0) LogBatch(logger, batch.Count, database.Options.ServiceName);

        foreach (var message in batch)
        {
            using (var activity = StartPublishActivity(message))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(_options.PublishTimeout);
                await publisher.PublishAsync(message, timeout.Token);
            }
            await database.WriteAsync(uow => uow.ExecuteAsync("DELETE FROM outbox_messages WHERE sequence = @Sequence", new { message.Sequence }, ct), ct);
            Published.Add(1, new KeyValuePair<string, object?>("service", database.Options.ServiceName));
        }
        return batch.Count;
    }

    // The relay's span is a child of the call that wrote the event, so MassTransit's send span and
    // the consumer's span continue that call's trace.
    private static Activity? StartPublishActivity(OutboxMessage message)
    {
        ActivityContext.TryParse(message.TraceParent, message.TraceState, out var parent);
        var activity = Source.StartActivity("outbox publish " + message.MessageType, ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", message.MessageId);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Publishing {Count} outbox events of {Service}")]
    private static partial void LogBatch(ILogger logger, int count, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of {Service} could not publish; events stay in the outbox, retrying in {DelaySeconds} s")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string service, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay of {Service} is publishing again")]
    private static partial void LogRecovered(ILogger logger, string service);
}
