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
/// pipelined confirms, and records the confirmed rows as published in one write (kept for
/// <see cref="OutboxOptions.RepublishWindow"/>, or deleted). A crash between confirm and that write
/// republishes the message with the same id, which the consumers' inbox ignores: delivery is at least
/// once, effects exactly once. A row the broker returns (no queue bound) stays and is retried; a row
/// that cannot be published at all is parked after <see cref="OutboxOptions.MaxAttempts"/>. On
/// RabbitMQ an event type waits until every consumer queue of it is there, and a broker back without
/// its data gets the window's rows again (<see cref="ConsumerQueueGate"/>).
/// </summary>
/// <remarks>
/// Its bookkeeping is kept off the path of the commands (issue 6: each write of it is a commit, an
/// fsync, in the same single writer as the commands). While it waits, the claim rides in the group
/// commit of the very writes that add events (<see cref="Persistence.Writing.ICommitRider"/>): the
/// rows are claimed in their own transaction, no commit of the relay's own. On the in-memory bus a
/// claim also records the rows as handed over (what a settle used to write), so a batch that goes
/// out costs no write at all; the next start re-publishes such rows as before. While a backlog
/// drains, the next batch is claimed while the current one is in flight, and a batch's settle
/// (the delete) is written while the next one is in flight: publishing never waits for a commit.
/// </remarks>
public sealed partial class OutboxRelay<TDatabase>(
    TDatabase database,
    IEventPublisher publisher,
    IOptions<OutboxOptions> options,
    IOptions<MessagingOptions> messaging,
    TimeProvider clock,
    OutboxMonitor monitor,
    BusKind bus,
    ILogger<OutboxRelay<TDatabase>> logger,
    Consumers.ConsumerCatalog? consumers = null,
    BrokerProbe? probe = null) : BackgroundService where TDatabase : Database
{
    private static readonly ActivitySource Source = new("Cica.Messaging.Outbox");

    // Beyond any clock: on the in-memory bus a claimed row is handed over and kept until forgotten (RepublishKeptAsync).
    private const long Never = long.MaxValue;

    private readonly OutboxOptions _options = options.Value;
    private readonly string _owner = Guid.NewGuid().ToString();
    private ClaimRider? _rider;
    private long _lastStamp;

    // On RabbitMQ: holds event types until their consumer queues exist, and tells a broker back without its data.
    private ConsumerQueueGate? _gate;
    private IReadOnlyList<string>? _heldTypes; // the event types of the batch given back while the relay waits for their queues

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
        if (!bus.InMemory && probe is not null && consumers is not null)
            _gate = new ConsumerQueueGate(service, consumers, probe, clock, LoadSeenQueuesAsync, SaveSeenQueuesAsync);
        _rider = new ClaimRider(this);
        using (database.AddCommitRider(_rider))
            await RelayAsync(service, stoppingToken);
        // A claim that rode in a commit after the loop ended: its rows come back when the lease ends
        // (on the in-memory bus, at the next start, with the rows kept).
        if (bus.InMemory) await ForgetHandledAtStopAsync();
    }

    private async Task RelayAsync(string service, CancellationToken stoppingToken)
    {
        var retryDelay = TimeSpan.Zero;
        Task<IReadOnlyList<OutboxMessage>>? ahead = null; // the next batch, claimed while the current one is in flight
        Task<int> settling = Task.FromResult(0);           // the last batch's bookkeeping, written while the next one is in flight
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_gate is { RepublishPending: true } && ahead is null)
                {
                    await settling; // what the last batch confirmed is recorded first, and so published again too
                    settling = Task.FromResult(0);
                    await RepublishWindowAsync(service, stoppingToken);
                }
                if (_gate is not null && ahead is null && !await GateOpenAsync(service, stoppingToken)) continue;
                var batch = ahead is not null ? await ahead : _rider!.TakeClaimed() ?? await ClaimAsync(stoppingToken);
                ahead = null;
                var retryRows = false;
                if (batch.Count > 0 && _gate is not null && !await MayPublishAsync(service, batch, stoppingToken)) continue;
                if (batch.Count > 0)
                {
                    LogBatch(logger, batch.Count, service);
                    var publishing = PublishAllAsync(batch, stoppingToken);
                    // A full batch: more rows are probably waiting; claim them while this batch is in flight.
                    if (batch.Count == _options.BatchSize) ahead = ClaimAsync(stoppingToken);
                    var outcomes = await publishing;
                    if (_options.FaultAfterConfirm == "exit" && outcomes.Any(o => o is null)
                        && (_options.FaultAfterConfirmOf is null || batch.Where((_, i) => outcomes[i] is null).Any(m => m.MessageType == _options.FaultAfterConfirmOf)))
                    {
                        FaultPoint("before deleting the rows", outcomes.Count(o => o is null)); // as kill -9: the rows stay although the broker has them
                    }

                    await settling; // one batch's bookkeeping at a time, in order
                    settling = SettleAsync(batch, outcomes, stoppingToken);
                    if (_options.FaultAfterConfirm is not null) await settling;

                    var brokerFailure = outcomes.FirstOrDefault(o => o is not null and not UnpublishableEventException and not UnroutableEventException);
                    if (brokerFailure is not null)
                    {
                        // Nothing goes out ahead of the rows that failed: the batch claimed ahead is given up too.
                        await ReleaseAheadAsync(ahead);
                        ahead = null;
                        throw brokerFailure;
                    }
                    if (retryDelay > TimeSpan.Zero) LogRecovered(logger, service);
                    retryDelay = TimeSpan.Zero;
                    if (ahead is not null) continue; // more rows waiting
                    retryRows = outcomes.Any(o => o is UnpublishableEventException or UnroutableEventException);
                }
                var parked = await settling;
                settling = Task.FromResult(0);
                if (parked > 0) await RefreshParkedAsync(stoppingToken);
                if (_gate is not null && batch.Count == 0) await LookAtBrokerWhileIdleAsync(stoppingToken);
                // Rows that failed on their own come back when their short lease ends: look again soon.
                var wait = retryRows && _options.PollInterval > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : _options.PollInterval;
                // While waiting, the next claim rides in the commit that adds the rows (SQLite's group commit).
                _rider!.Arm();
                try
                {
                    await database.Commits.WaitAsync(wait, stoppingToken);
                }
                finally
                {
                    _rider.Disarm();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                await ReleaseAheadAsync(ahead);
                ahead = null;
                try
                {
                    await settling;
                }
                catch (Exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Its rows keep their lease and go out again when it ends: at least once.
                }
                settling = Task.FromResult(0);
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
        try
        {
            await settling; // the broker has those rows: record it even while stopping
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or ObjectDisposedException or OperationCanceledException)
        {
            // They go out again when their lease ends, and the inbox drops them.
        }
    }

    // While the relay waits for consumer queues it claims nothing: it looks for the queues about once a
    // second and goes on once they are all there.
    private async Task<bool> GateOpenAsync(string service, CancellationToken ct)
    {
        if (_heldTypes is null) return true;
        var missing = await _gate!.MissingAsync(_heldTypes, ct);
        if (missing.Count > 0)
        {
            await HoldAsync(service, missing, ct);
            return false;
        }
        _heldTypes = null;
        monitor.SetWaiting(service, []);
        LogQueuesPresent(logger, service);
        return true;
    }

    // A claimed batch goes out only when every consumer queue of its event types is there (and no
    // republish is due); otherwise its rows are given back at once and the relay waits.
    private async Task<bool> MayPublishAsync(string service, IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        IReadOnlyList<string> missing;
        try
        {
            missing = await _gate!.MissingAsync(batch.Select(m => m.MessageType), ct);
        }
        catch (Exception)
        {
            await ReleaseAheadAsync(Task.FromResult(batch)); // the broker is away: the rows wait in the outbox
            throw;
        }
        if (missing.Count == 0 && !_gate.RepublishPending) return true;
        await ReleaseAheadAsync(Task.FromResult(batch));
        if (missing.Count > 0)
        {
            _heldTypes = [.. batch.Select(m => m.MessageType).Distinct(StringComparer.Ordinal)];
            await HoldAsync(service, missing, ct);
        }
        return false;
    }

    // The consumer queues this outbox's relays have seen on the broker: waited for after it lost its data.
    private async Task<IEnumerable<string>> LoadSeenQueuesAsync(CancellationToken ct) =>
        await database.QueryAsync<string>(RepublishStatements.SeenQueues, ct: ct);

    private Task SaveSeenQueuesAsync(IReadOnlyList<string> queues, CancellationToken ct) =>
        database.WriteAsync(async uow =>
        {
            var seenAt = clock.GetUtcNow().ToString("O");
            foreach (var queue in queues)
                await uow.ExecuteAsync(RepublishStatements.SaveSeenQueue, new { Queue = queue, SeenAt = seenAt }, ct);
        }, ct);

    private async Task HoldAsync(string service, IReadOnlyList<string> missing, CancellationToken ct)
    {
        var before = monitor.Waiting.TryGetValue(service, out var waiting) ? waiting : [];
        if (!before.SequenceEqual(missing, StringComparer.Ordinal)) LogWaitingForQueues(logger, service, string.Join(", ", missing));
        monitor.SetWaiting(service, missing);
        await Task.Delay(TimeSpan.FromSeconds(1), clock, ct);
    }

    // With nothing to publish, a broker back without its data is still noticed (within a poll), so
    // what its queues held goes out again without waiting for the next event.
    private async Task LookAtBrokerWhileIdleAsync(CancellationToken ct)
    {
        try
        {
            await _gate!.MissingAsync([], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The broker is away: looked at again at the next poll.
        }
    }

    /// <summary>
    /// The broker came back without its data: the queues and the messages they held are gone. What
    /// this outbox published within the window goes back into it, ahead of newer rows (by sequence),
    /// to be published again once the consumer queues are there; the inboxes drop what was handled.
    /// </summary>
    private async Task RepublishWindowAsync(string service, CancellationToken ct)
    {
        var since = Now - (long)_options.RepublishWindow.TotalMilliseconds;
        var rows = await database.WriteAsync(uow => uow.ExecuteAsync(RepublishStatements.RepublishSince, new { Since = since }, ct), ct);
        _gate!.Republished();
        OutboxMonitor.Republished.Add(rows, new KeyValuePair<string, object?>("service", service));
        LogRepublishingAfterLoss(logger, service, rows, _options.RepublishWindow.TotalMinutes);
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

    // A claim's stamp (its lease_until, or on the in-memory bus its published_at): strictly increasing
    // in this relay, so that the rows of one claim are exactly those with its owner and stamp, even
    // when two claims (one riding in a commit, one of the relay's own) fall in the same millisecond.
    private long Stamp(long atLeast)
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastStamp);
            var next = Math.Max(atLeast, last + 1);
            if (Interlocked.CompareExchange(ref _lastStamp, next, last) == last) return next;
        }
    }

    /// <summary>Publishes every row of the batch at once (confirms pipelined); the outcome of each, null when confirmed.</summary>
    private async Task<Exception?[]> PublishAllAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        // One timeout for the batch: the publishes go out together, so they wait for the broker together.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PublishTimeout);
        var publishes = new Task<Exception?>[batch.Count];
        for (var i = 0; i < batch.Count; i++) publishes[i] = PublishOneAsync(batch[i], timeout.Token, ct);
        return await Task.WhenAll(publishes);
    }

    /// <summary>
    /// Records what became of a published batch in one write: confirmed rows deleted (on the in-memory
    /// bus they were recorded as handed over by the claim and stay, see RepublishKeptAsync); failed
    /// ones counted, delayed, parked or released. Returns the number of rows parked.
    /// </summary>
    private async Task<int> SettleAsync(IReadOnlyList<OutboxMessage> batch, Exception?[] outcomes, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var confirmed = batch.Where((_, i) => outcomes[i] is null).Select(m => m.Sequence).ToList();
        var parked = 0;
        if (!bus.InMemory || confirmed.Count < batch.Count)
        {
            await database.WriteAsync(async uow =>
            {
                if (!bus.InMemory && confirmed.Count > 0 && _options.RepublishWindow <= TimeSpan.Zero)
                    await uow.ExecuteAsync("DELETE FROM outbox_messages WHERE sequence IN @Sequences", new { Sequences = confirmed }, ct);
                else if (!bus.InMemory && confirmed.Count == batch.Count && batch.All(m => m.ClaimedUntil == batch[0].ClaimedUntil && m.ClaimedUntil != 0))
                    // The usual case, the whole claim confirmed: its rows found by the claim's lease.
                    await uow.ExecuteAsync(RepublishStatements.KeepPublishedClaim,
                        new { PublishedAt = now.ToUnixTimeMilliseconds(), Kept = Never, Until = batch[0].ClaimedUntil, Owner = _owner }, ct);
                else if (!bus.InMemory && confirmed.Count > 0)
                    // Kept for the republish window (a broker back without its data): out of the claim's
                    // reach (a lease that never ends), removed by the retention service once older.
                    await uow.ExecuteAsync(RepublishStatements.KeepPublished,
                        new { Sequences = confirmed, PublishedAt = now.ToUnixTimeMilliseconds(), Kept = Never }, ct);
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
                                "UPDATE outbox_messages SET attempts = attempts + 1, last_error = @Error, lease_owner = NULL, lease_until = @Until, published_at = NULL WHERE sequence = @Sequence",
                                new { message.Sequence, Error = failure.Message, Until = Now + 200L * (message.Attempts + 1) }, ct);
                            break;
                        case UnroutableEventException failure when now - DateTimeOffset.Parse(message.CreatedAt, System.Globalization.CultureInfo.InvariantCulture) > _options.UnroutableParkAfter:
                            await ParkAsync(uow, message, message.Attempts, failure.Message, now, ct);
                            parked++;
                            break;
                        case UnroutableEventException failure:
                            var delay = Math.Min(250L << Math.Min(message.Returns, 16), (long)_options.MaxUnroutableDelay.TotalMilliseconds);
                            await uow.ExecuteAsync(
                                "UPDATE outbox_messages SET returns = returns + 1, last_error = @Error, lease_owner = NULL, lease_until = @Until, published_at = NULL WHERE sequence = @Sequence",
                                new { message.Sequence, Error = failure.Message, Until = Now + delay }, ct);
                            break;
                        default:
                            // The broker, not the row: give the lease up so that any relay may try again soon.
                            await uow.ExecuteAsync("UPDATE outbox_messages SET lease_owner = NULL, lease_until = 0, published_at = NULL WHERE sequence = @Sequence AND lease_owner = @Owner",
                                new { message.Sequence, Owner = _owner }, ct);
                            break;
                    }
                }
            }, CancellationToken.None); // the broker has them: record it even while stopping
        }

        if (confirmed.Count > 0 && _options.FaultAfterConfirm == "exit-after-settle"
            && (_options.FaultAfterConfirmOf is null || batch.Where((_, i) => outcomes[i] is null).Any(m => m.MessageType == _options.FaultAfterConfirmOf)))
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
        return parked;
    }

    private async Task<Exception?> PublishOneAsync(OutboxMessage message, CancellationToken timeout, CancellationToken ct)
    {
        using var activity = StartPublishActivity(message);
        try
        {
            await publisher.PublishAsync(message, timeout);
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

    // A batch claimed ahead that will not go out now (the broker failed, the relay stops): its rows
    // are given back at once rather than when the lease ends.
    private async Task ReleaseAheadAsync(Task<IReadOnlyList<OutboxMessage>>? ahead)
    {
        if (ahead is null) return;
        try
        {
            var rows = await ahead;
            if (rows.Count == 0) return;
            await database.WriteAsync(uow => uow.ExecuteAsync(
                "UPDATE outbox_messages SET lease_owner = NULL, lease_until = 0, published_at = NULL WHERE sequence IN @Sequences AND lease_owner = @Owner",
                new { Sequences = rows.Select(r => r.Sequence).ToList(), Owner = _owner }), CancellationToken.None);
        }
        catch (Exception)
        {
            // The lease ends by itself; the rows go out then.
        }
    }

    /// <summary>Takes the oldest rows whose lease has expired (or that none holds), in a write of its own.</summary>
    private Task<IReadOnlyList<OutboxMessage>> ClaimAsync(CancellationToken ct) =>
        database.WriteAsync(uow => ClaimInAsync(uow, ct), ct);

    /// <summary>
    /// Takes the oldest rows whose lease has expired (or that none holds) in <paramref name="uow"/> and
    /// returns them. The UPDATE runs under the database's write lock (one writer on SQLite;
    /// sp_getapplock on SQL Server), so two relays never claim the same row. On the in-memory bus the
    /// claim also records the rows as handed over (published_at, a lease that does not end): the
    /// publish follows the commit in this process, and the next start re-publishes what was kept.
    /// </summary>
    private async Task<IReadOnlyList<OutboxMessage>> ClaimInAsync(UnitOfWork uow, CancellationToken ct)
    {
        var now = Now;
        // ORDER BY +sequence: the unary plus keeps SQLite from walking the whole table in key order
        // (past every kept row); it seeks the lease index and sorts the few rows it may take.
        var stamp = Stamp(bus.InMemory ? now : now + (long)_options.LeaseDuration.TotalMilliseconds);
        // On the in-memory bus the lease never ends (Never - stamp: far beyond any clock, and still
        // this claim's own value, so the rows of the claim are found by the index, not among all kept rows).
        var claim = bus.InMemory
            ? new { Owner = _owner, Until = Never - stamp, PublishedAt = (long?)stamp, Now = now, Limit = _options.BatchSize }
            : new { Owner = _owner, Until = stamp, PublishedAt = (long?)null, Now = now, Limit = _options.BatchSize };
        var claimed = await uow.ExecuteAsync(
            """
            UPDATE outbox_messages SET lease_owner = @Owner, lease_until = @Until, published_at = @PublishedAt
            WHERE sequence IN (SELECT sequence FROM outbox_messages WHERE lease_until < @Now ORDER BY +sequence {limit})
            """, claim, ct);
        if (claimed == 0) return [];
        var rows = await uow.QueryAsync<ClaimedRow>(
            """
            SELECT sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, payload AS Payload,
                   trace_parent AS TraceParent, trace_state AS TraceState, created_at AS CreatedAt, attempts AS Attempts, returns AS Returns
            FROM outbox_messages WHERE lease_until = @Until AND lease_owner = @Owner ORDER BY sequence
            """, claim, ct);
        return rows.Select(r => new OutboxMessage(r.Sequence, r.MessageId, r.MessageType, r.Payload, r.TraceParent, r.TraceState)
        {
            CreatedAt = r.CreatedAt,
            Attempts = (int)r.Attempts,
            Returns = (int)r.Returns,
            ClaimedUntil = claim.Until,
        }).ToList();
    }

    /// <summary>
    /// The relay's claim as a rider of the group commit (<see cref="Persistence.Writing.ICommitRider"/>):
    /// armed while the relay waits for a commit, it claims in the first transaction that adds events
    /// and hands the rows over once that transaction is durable.
    /// </summary>
    private sealed class ClaimRider(OutboxRelay<TDatabase> relay) : Persistence.Writing.ICommitRider
    {
        private int _armed;
        private IReadOnlyList<OutboxMessage>? _riding;
        private IReadOnlyList<OutboxMessage>? _claimed;

        public bool WantsToRide => Volatile.Read(ref _armed) == 1;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Disarm() => Volatile.Write(ref _armed, 0);

        /// <summary>Rows claimed in a commit that is now durable, if any (taken once).</summary>
        public IReadOnlyList<OutboxMessage>? TakeClaimed() => Interlocked.Exchange(ref _claimed, null);

        public async Task RideAsync(UnitOfWork uow)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 0) return; // the relay is busy: it claims for itself
            _riding = await relay.ClaimInAsync(uow, CancellationToken.None);
        }

        public void Settled(bool committed)
        {
            var riding = _riding;
            _riding = null;
            if (!committed)
            {
                // Rolled back: nothing was claimed; ride in the next commit instead.
                if (riding is not null) Arm();
                return;
            }
            if (riding is not { Count: > 0 }) return;
            // Only armed while the relay waits, so nothing is normally waiting here; if something is, keep both.
            var previous = Interlocked.Exchange(ref _claimed, riding);
            if (previous is not null) Interlocked.Exchange(ref _claimed, [.. previous, .. riding]);
        }
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

    // The relay's span is a child of the call that wrote the event, so the publish to the broker and
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of {Service} waits for consumer queue {Queues} before it publishes (the broker lost its data, or the consumer's service has not declared it yet: start it, or deploy the topology)")]
    private static partial void LogWaitingForQueues(ILogger logger, string service, string queues);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay of {Service}: the consumer queues it waited for are there; publishing")]
    private static partial void LogQueuesPresent(ILogger logger, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of {Service}: the broker came back without its data; publishing again the {Count} events published in the last {WindowMinutes} minutes (consumers drop those they had handled)")]
    private static partial void LogRepublishingAfterLoss(ILogger logger, string service, int count, double windowMinutes);

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
