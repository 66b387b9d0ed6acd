using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cica.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cica.Messaging.Outbox;

/// <summary>
/// Publishes one database's outbox, oldest first. It wakes on every commit that wrote events (and
/// polls as a safety net), claims a batch of rows with a lease (so that one relay publishes a row at
/// a time however many instances share the database), publishes the whole batch at once with
/// pipelined confirms, and deletes the confirmed rows in one write. A crash between confirm and
/// delete republishes the message with the same id, which the consumers' inbox ignores: delivery is
/// at least once, effects exactly once. A row the broker returns (no queue bound) stays and is
/// retried; a row that cannot be published at all is parked after <see cref="OutboxOptions.MaxAttempts"/>.
/// </summary>
public sealed partial class OutboxRelay<TDatabase>(
    TDatabase database,
    IEventPublisher publisher,
    IOptions<OutboxOptions> options,
    IOptions<MessagingOptions> messaging,
    TimeProvider clock,
    OutboxMonitor monitor,
    BusKind bus,
    ILogger<OutboxRelay<TDatabase>> logger) : BackgroundService where TDatabase : Database
{
    private static readonly ActivitySource Source = new("Cica.Messaging.Outbox");

    private readonly OutboxOptions _options = options.Value;
    private readonly string _owner = Guid.NewGuid().ToString();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (messaging.Value.DeployTopologyOnly) return; // a deployment step: declare, publish nothing
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
        monitor.TrackBacklog(service, ReadBacklogAsync);
        await RefreshParkedAsync(stoppingToken);
        if (bus.InMemory) await RepublishKeptAsync(stoppingToken);
        var retryDelay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (claimed, brokerFailure, retryRows) = await PublishBatchAsync(stoppingToken);
                if (brokerFailure is not null) throw brokerFailure;
                if (retryDelay > TimeSpan.Zero) LogRecovered(logger, service);
                retryDelay = TimeSpan.Zero;
                if (claimed == _options.BatchSize) continue; // more rows waiting
                // Rows that failed on their own come back when their short lease ends: look again soon.
                var wait = retryRows && _options.PollInterval > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : _options.PollInterval;
                await database.Commits.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                OutboxMonitor.Failures.Add(1, new KeyValuePair<string, object?>("service", service));
                retryDelay = retryDelay == TimeSpan.Zero ? TimeSpan.FromMilliseconds(100)
                    : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
                LogPublishFailed(logger, ex, service, retryDelay.TotalSeconds);
                try
                {
                    await Task.Delay(retryDelay, clock, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        if (bus.InMemory) await ForgetHandledAtStopAsync();
    }

    // An orderly stop: the host stops the bus before the relays (hosted services stop in reverse
    // order of registration, and the bus is added after the services), and the bus lets its
    // consumers finish first; what went out has been handled, so nothing needs to go out again.
    private async Task ForgetHandledAtStopAsync()
    {
        try
        {
            await database.WriteAsync(uow => uow.ExecuteAsync("DELETE FROM outbox_messages WHERE published_at IS NOT NULL"), CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or ObjectDisposedException)
        {
            // Kept rows go out again at the next start and the inbox drops them: no harm done.
        }
    }

    // Test-only (Messaging:Outbox:FaultAfterConfirm): says so on stdout, unbuffered (the logger's
    // queue dies with the process), then ends the process as kill -9 would.
    private void FaultPoint(string when, int count)
    {
        Console.Out.WriteLine($"FaultAfterConfirm: {database.Options.ServiceName}'s relay kills its process after {count} confirms, {when}");
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();
    }

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Claims, publishes and settles one batch; returns the rows claimed and the broker's failure, if any.</summary>
    private async Task<(int Claimed, Exception? BrokerFailure, bool RetryRows)> PublishBatchAsync(CancellationToken ct)
    {
        var batch = await ClaimAsync(ct);
        if (batch.Count == 0) return (0, null, false);
        LogBatch(logger, batch.Count, database.Options.ServiceName);

        var outcomes = await Task.WhenAll(batch.Select(m => PublishOneAsync(m, ct)));
        var confirmed = batch.Where((_, i) => outcomes[i] is null).ToList();

        if (confirmed.Count > 0 && _options.FaultAfterConfirm == "exit"
            && (_options.FaultAfterConfirmOf is null || confirmed.Any(m => m.MessageType == _options.FaultAfterConfirmOf)))
        {
            FaultPoint("before deleting the rows", confirmed.Count); // as kill -9: the rows stay although the broker has them
        }

        var now = clock.GetUtcNow();
        Exception? brokerFailure = null;
        var parked = 0;
        await database.WriteAsync(async uow =>
        {
            if (confirmed.Count > 0 && bus.InMemory)
                // Handed to in-process queues, not yet handled: kept until it is old enough (see RepublishKeptAsync).
                await uow.ExecuteAsync("UPDATE outbox_messages SET published_at = @At, lease_owner = NULL, lease_until = @Never WHERE sequence = @Sequence",
                    confirmed.Select(m => new { m.Sequence, At = Now, Never = long.MaxValue }), ct);
            else if (confirmed.Count > 0)
                await uow.ExecuteAsync("DELETE FROM outbox_messages WHERE sequence = @Sequence", confirmed.Select(m => new { m.Sequence }), ct);
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];
                switch (outcomes[i])
                {
                    case null:
                        break;
                    case UnpublishableEventException failure when message.Attempts + 1 >= _options.MaxAttempts:
                        await ParkAsync(uow, message, message.Attempts + 1, failure.Message, now, ct);
                        parked++;
                        break;
                    case UnpublishableEventException failure:
                        await uow.ExecuteAsync(
                            "UPDATE outbox_messages SET attempts = attempts + 1, last_error = @Error, lease_owner = NULL, lease_until = @Until WHERE sequence = @Sequence",
                            new { message.Sequence, Error = failure.Message, Until = Now + 200L * (message.Attempts + 1) }, ct);
                        break;
                    case UnroutableEventException failure when now - DateTimeOffset.Parse(message.CreatedAt, System.Globalization.CultureInfo.InvariantCulture) > _options.UnroutableParkAfter:
                        await ParkAsync(uow, message, message.Attempts, failure.Message, now, ct);
                        parked++;
                        break;
                    case UnroutableEventException failure:
                        var delay = Math.Min(250L << Math.Min(message.Returns, 16), (long)_options.MaxUnroutableDelay.TotalMilliseconds);
                        await uow.ExecuteAsync(
                            "UPDATE outbox_messages SET returns = returns + 1, last_error = @Error, lease_owner = NULL, lease_until = @Until WHERE sequence = @Sequence",
                            new { message.Sequence, Error = failure.Message, Until = Now + delay }, ct);
                        break;
                    case var failure:
                        // The broker, not the row: give the lease up so that any relay may try again soon.
                        brokerFailure ??= failure;
                        await uow.ExecuteAsync("UPDATE outbox_messages SET lease_owner = NULL, lease_until = 0 WHERE sequence = @Sequence AND lease_owner = @Owner",
                            new { message.Sequence, Owner = _owner }, ct);
                        break;
                }
            }
        }, CancellationToken.None); // the broker has them: record it even while stopping

        if (confirmed.Count > 0 && _options.FaultAfterConfirm == "exit-after-settle")
        {
            FaultPoint("after recording them as published", confirmed.Count);
        }
        if (bus.InMemory) await ForgetOldPublishedAsync(ct);

        var service = new KeyValuePair<string, object?>("service", database.Options.ServiceName);
        OutboxMonitor.Published.Add(confirmed.Count, service);
        var unroutable = outcomes.Count(o => o is UnroutableEventException);
        if (unroutable > 0)
        {
            OutboxMonitor.Unroutable.Add(unroutable, service);
            LogUnroutable(logger, unroutable, database.Options.ServiceName, outcomes.OfType<UnroutableEventException>().First().Message);
        }
        if (parked > 0) await RefreshParkedAsync(ct);
        return (batch.Count, brokerFailure, outcomes.Any(o => o is UnpublishableEventException or UnroutableEventException));
    }

    private async Task<Exception?> PublishOneAsync(OutboxMessage message, CancellationToken ct)
    {
        using var activity = StartPublishActivity(message);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PublishTimeout);
        try
        {
            await publisher.PublishAsync(message, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return ex;
        }
    }

    /// <summary>
    /// Takes the oldest rows whose lease has expired (or that none holds) and returns them. The
    /// UPDATE runs under the database's write lock (one writer on SQLite; sp_getapplock on SQL
    /// Server), so two relays never claim the same row.
    /// </summary>
    private async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(CancellationToken ct)
    {
        var now = Now;
        var until = now + (long)_options.LeaseDuration.TotalMilliseconds;
        return await database.WriteAsync<IReadOnlyList<OutboxMessage>>(async uow =>
        {
            var claimed = await uow.ExecuteAsync(
                """
                UPDATE outbox_messages SET lease_owner = @Owner, lease_until = @Until
                WHERE sequence IN (SELECT sequence FROM outbox_messages WHERE lease_until < @Now ORDER BY sequence {limit})
                """, new { Owner = _owner, Until = until, Now = now, Limit = _options.BatchSize }, ct);
            if (claimed == 0) return [];
            return (await uow.QueryAsync<ClaimedRow>(
                """
                SELECT sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, payload AS Payload,
                       trace_parent AS TraceParent, trace_state AS TraceState, created_at AS CreatedAt, attempts AS Attempts, returns AS Returns
                FROM outbox_messages WHERE lease_owner = @Owner AND lease_until = @Until ORDER BY sequence
                """, new { Owner = _owner, Until = until }, ct))
                .Select(r => new OutboxMessage(r.Sequence, r.MessageId, r.MessageType, r.Payload, r.TraceParent, r.TraceState)
                {
                    CreatedAt = r.CreatedAt,
                    Attempts = (int)r.Attempts,
                    Returns = (int)r.Returns,
                }).ToList();
        }, ct);
    }

    /// <summary>
    /// On the in-memory bus, at start: what the last run published may not have been handled before
    /// it stopped (the in-process queues died with it); publish it again, the inbox drops duplicates.
    /// </summary>
    private async Task RepublishKeptAsync(CancellationToken ct)
    {
        var kept = await database.WriteAsync(uow => uow.ExecuteAsync(
            "UPDATE outbox_messages SET published_at = NULL, lease_owner = NULL, lease_until = 0 WHERE published_at IS NOT NULL", ct: ct), ct);
        if (kept > 0) LogRepublishing(logger, database.Options.ServiceName, kept);
    }

    private long _forgotAt;

    // At most every few seconds: rows published long enough ago have been handled (or dead-lettered).
    private async Task ForgetOldPublishedAsync(CancellationToken ct)
    {
        var now = Now;
        if (now - _forgotAt < 5_000) return;
        _forgotAt = now;
        var cutoff = now - (long)_options.KeepPublishedInMemory.TotalMilliseconds;
        await database.WriteAsync(uow => uow.ExecuteAsync(
            "DELETE FROM outbox_messages WHERE published_at IS NOT NULL AND published_at < @Cutoff", new { Cutoff = cutoff }, ct), ct);
    }

    private async Task ParkAsync(UnitOfWork uow, OutboxMessage message, int attempts, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await uow.ExecuteAsync(
            """
            INSERT INTO outbox_parked (sequence, message_id, message_type, payload, trace_parent, trace_state, created_at, parked_at, attempts, reason)
            SELECT sequence, message_id, message_type, payload, trace_parent, trace_state, created_at, @ParkedAt, @Attempts, @Reason
            FROM outbox_messages WHERE sequence = @Sequence
            """, new { message.Sequence, ParkedAt = now.ToString("O"), Attempts = attempts, Reason = reason }, ct);
        await uow.ExecuteAsync("DELETE FROM outbox_messages WHERE sequence = @Sequence", new { message.Sequence }, ct);
        LogParked(logger, database.Options.ServiceName, message.Sequence, message.MessageType, message.MessageId, reason);
    }

    private async Task RefreshParkedAsync(CancellationToken ct)
    {
        var count = await database.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM outbox_parked", ct: ct);
        monitor.SetParked(database.Options.ServiceName, count);
        if (count > 0) LogParkedCount(logger, database.Options.ServiceName, count);
    }

    // Rows handed to the in-memory bus keep published_at until forgotten: not part of the backlog.
    private async Task<(long Count, string? OldestCreatedAt)> ReadBacklogAsync(CancellationToken ct)
    {
        var row = await database.QuerySingleOrDefaultAsync<BacklogRow>(
            "SELECT COUNT(*) AS Count, MIN(created_at) AS Oldest FROM outbox_messages WHERE published_at IS NULL", ct: ct);
        return (row?.Count ?? 0, row?.Oldest);
    }

    private sealed class BacklogRow
    {
        public long Count { get; init; }
        public string? Oldest { get; init; }
    }

    private sealed class ClaimedRow
    {
        public long Sequence { get; init; }
        public string MessageId { get; init; } = "";
        public string MessageType { get; init; } = "";
        public byte[] Payload { get; init; } = [];
        public string? TraceParent { get; init; }
        public string? TraceState { get; init; }
        public string CreatedAt { get; init; } = "";
        public long Attempts { get; init; }
        public long Returns { get; init; }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay of {Service} publishes again the {Count} events the last run handed to the in-memory bus (consumers drop those they had handled)")]
    private static partial void LogRepublishing(ILogger logger, string service, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Publishing {Count} outbox events of {Service}")]
    private static partial void LogBatch(ILogger logger, int count, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of {Service} could not publish; events stay in the outbox, retrying in {DelaySeconds} s")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string service, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay of {Service} is publishing again")]
    private static partial void LogRecovered(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of {Service}: {Count} events reached no queue and stay in the outbox ({Reason}); deploy the topology (README) or start their consumers")]
    private static partial void LogUnroutable(ILogger logger, int count, string service, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay of {Service} parked row {Sequence} ({MessageType} {MessageId}): {Reason}")]
    private static partial void LogParked(ILogger logger, string service, long sequence, string messageType, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox of {Service} holds {Count} parked events: list, re-drive or discard them with `Cica.Platform outbox parked list|redrive|discard`")]
    private static partial void LogParkedCount(ILogger logger, string service, long count);

}
