using Cica.Persistence;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Cica.Gateway.Feed;

/// <summary>A row of the feed's log.</summary>
public sealed record FeedRow(long Sequence, string MessageId, string EventType, string? CountryCode, string? PriorityArea, byte[] Payload, string ReceivedAt);

/// <summary>What a subscription lets through; an empty list lets everything through.</summary>
public sealed record FeedFilter(IReadOnlyList<string> EventTypes, IReadOnlyList<string> CountryCodes, IReadOnlyList<string> PriorityAreas);

/// <summary>The feed's log: records events once each, reads them by sequence, forgets them after the retention.</summary>
public sealed class FeedStore(GatewayDatabase database, FeedSignal signal, TimeProvider clock, IOptions<FeedOptions> options)
{
    /// <summary>Records an event unless its message id is already recorded; wakes subscriptions once committed.</summary>
    public async Task RecordAsync(string messageId, IMessage message, CancellationToken ct)
    {
        await database.Migrated.WaitAsync(ct);
        var (country, area) = EventSubjects.Of(message);
        var row = new
        {
            MessageId = messageId,
            EventType = message.Descriptor.FullName,
            CountryCode = country is { Length: 3 } ? country : null,
            PriorityArea = area,
            Payload = message.ToByteArray(),
            ReceivedAt = clock.GetUtcNow().ToString("O"),
        };
        await database.WriteAsync(async uow =>
        {
            var known = await uow.QuerySingleOrDefaultAsync<long?>(
                "SELECT sequence FROM feed_events WHERE message_id = @MessageId", row, ct);
            if (known is not null)
            {
                // A redelivery: counted, not recorded again.
                await uow.ExecuteAsync("UPDATE feed_events SET redeliveries = redeliveries + 1 WHERE sequence = @Sequence", new { Sequence = known }, ct);
                return;
            }
            await uow.ExecuteAsync(
                "INSERT INTO feed_events (message_id, event_type, country_code, priority_area, payload, received_at) " +
                "VALUES (@MessageId, @EventType, @CountryCode, @PriorityArea, @Payload, @ReceivedAt)", row, ct);
            uow.OnCommitted(signal.Notify);
        }, ct);
    }

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="afterSequence"/> that pass <paramref name="filter"/>, in order.</summary>
    public Task<IReadOnlyList<FeedRow>> ReadAfterAsync(long afterSequence, FeedFilter filter, int limit, CancellationToken ct)
    {
        var where = new SqlWhere()
            .And("sequence > @After")
            .AndIf(filter.EventTypes.Count > 0, "event_type IN @EventTypes")
            .AndIf(filter.CountryCodes.Count > 0, "country_code IN @CountryCodes")
            .AndIf(filter.PriorityAreas.Count > 0, "priority_area IN @PriorityAreas");
        return database.QueryAsync<FeedRow>(
            "SELECT sequence AS Sequence, message_id AS MessageId, event_type AS EventType, country_code AS CountryCode, " +
            $"priority_area AS PriorityArea, payload AS Payload, received_at AS ReceivedAt FROM feed_events {where} ORDER BY sequence {{limit}}",
            new { After = afterSequence, filter.EventTypes, filter.CountryCodes, filter.PriorityAreas, Limit = limit }, ct);
    }

    /// <summary>The newest sequence recorded (0 when none), and the newest one retention has removed.</summary>
    public async Task<(long Newest, long PurgedThrough)> BoundsAsync(CancellationToken ct)
    {
        var newest = await database.QuerySingleOrDefaultAsync<long?>("SELECT MAX(sequence) FROM feed_events", null, ct);
        var purged = await database.QuerySingleOrDefaultAsync<long>("SELECT purged_through FROM feed_retention WHERE id = 1", null, ct);
        return (Math.Max(newest ?? 0, purged), purged);
    }

    /// <summary>Removes the events received before the retention; returns how many.</summary>
    public Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = new { Cutoff = (clock.GetUtcNow() - options.Value.Retention).ToString("O") };
        return database.WriteAsync(async uow =>
        {
            var through = await uow.QuerySingleOrDefaultAsync<long?>(
                "SELECT MAX(sequence) FROM feed_events WHERE received_at < @Cutoff", cutoff, ct);
            if (through is null) return 0;
            await uow.ExecuteAsync("UPDATE feed_retention SET purged_through = @Through WHERE id = 1 AND purged_through < @Through", new { Through = through }, ct);
            return await uow.ExecuteAsync("DELETE FROM feed_events WHERE sequence <= @Through", new { Through = through }, ct);
        }, ct);
    }
}
