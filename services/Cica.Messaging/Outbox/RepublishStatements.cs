namespace Cica.Messaging.Outbox;

/// <summary>
/// The statements of the republish window (a broker back without its data), in one place so that
/// their SQL Server rendering is parse-checked with the migrations (Cica.Persistence.Tests).
/// </summary>
public static class RepublishStatements
{
    /// <summary>Confirmed rows kept for the window: marked published, beyond the claim's reach (a lease that never ends).</summary>
    public const string KeepPublished =
        "UPDATE outbox_messages SET published_at = @PublishedAt, lease_owner = NULL, lease_until = @Kept WHERE sequence IN @Sequences";

    /// <summary>
    /// <see cref="KeepPublished"/> for a whole claim, found by its lease on the lease index: one
    /// parameterless seek instead of a list of 256 sequence numbers bound one by one.
    /// </summary>
    public const string KeepPublishedClaim =
        "UPDATE outbox_messages SET published_at = @PublishedAt, lease_owner = NULL, lease_until = @Kept WHERE lease_until = @Until AND lease_owner = @Owner";

    /// <summary>Rows published since a moment go back into the outbox (the broker lost them).</summary>
    public const string RepublishSince =
        "UPDATE outbox_messages SET published_at = NULL, lease_owner = NULL, lease_until = 0 WHERE published_at >= @Since";

    /// <summary>The oldest published rows past the window, a small batch at a time (retention); a waiting row (NULL) never matches.</summary>
    public const string PrunePublished =
        """
        DELETE FROM outbox_messages
        WHERE sequence IN (SELECT sequence FROM outbox_messages WHERE published_at < @Cutoff ORDER BY published_at {limit})
        """;

    /// <summary>The consumer queues the relays of this database have seen on the broker.</summary>
    public const string SeenQueues = "SELECT queue_name FROM outbox_consumer_queues";

    /// <summary>Records a consumer queue as seen (once).</summary>
    public const string SaveSeenQueue =
        """
        INSERT INTO outbox_consumer_queues (queue_name, seen_at)
        SELECT @Queue, @SeenAt WHERE NOT EXISTS (SELECT 1 FROM outbox_consumer_queues WHERE queue_name = @Queue)
        """;

    /// <summary>Every statement, named, for the parse check.</summary>
    public static IReadOnlyList<(string Name, string Sql)> All { get; } =
    [
        (nameof(KeepPublished), KeepPublished), (nameof(KeepPublishedClaim), KeepPublishedClaim), (nameof(RepublishSince), RepublishSince), (nameof(PrunePublished), PrunePublished),
        (nameof(SeenQueues), SeenQueues), (nameof(SaveSeenQueue), SaveSeenQueue),
    ];
}
