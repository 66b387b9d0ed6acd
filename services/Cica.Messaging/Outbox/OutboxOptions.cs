namespace Cica.Messaging.Outbox;

/// <summary>Settings of the outbox relay (configuration section "Messaging:Outbox").</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for rows when no commit woke it (a safety net).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one publish may wait for the broker's confirm before the relay retries later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Rows claimed per batch; the whole batch is published at once (confirms pipelined), so this is
    /// also the number of publishes in flight. 1 publishes strictly one row after the other.
    /// </summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// Longest pause between attempts while the broker is unreachable (short, so that a returning
    /// broker is noticed within about a second).
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a relay's claim on a batch lasts. Another instance takes the rows only once it has
    /// expired (the holder died); it must outlast <see cref="PublishTimeout"/>.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed attempts of a row itself (unknown type, payload refused) before it is parked.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// How long a row that reaches no queue (the broker returns it: nobody has declared a queue for
    /// its exchange yet) stays in the outbox, retried with growing pauses, before it is parked.
    /// </summary>
    public TimeSpan UnroutableParkAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest pause between two publishes of a row the broker returned as unroutable.</summary>
    public TimeSpan MaxUnroutableDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// On the in-memory bus, how long a published row is kept (and re-published if the process
    /// restarts meanwhile): longer than an in-process consumer takes to handle it, retries included.
    /// </summary>
    public TimeSpan KeepPublishedInMemory { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// On RabbitMQ, how long a published row is kept after the broker's confirm (then removed by the
    /// retention service): when the broker comes back without its data (its queues and the messages in
    /// them lost), the relay publishes again what it published within this window, and the consumers'
    /// inbox drops what they had already handled. Zero deletes a row at the confirm (a broker's loss
    /// then loses what its queues held).
    /// </summary>
    public TimeSpan RepublishWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Test-only fault point: "exit" kills the process (as kill -9) after the broker confirmed a
    /// batch and before its rows are deleted, to force the crash window the inbox must cover;
    /// "exit-after-settle" kills it just after the batch is recorded as published (on the in-memory
    /// bus: before its consumers, in the same process, have handled it).
    /// </summary>
    public string? FaultAfterConfirm { get; set; }

    /// <summary>With <see cref="FaultAfterConfirm"/>: only a batch holding this message type triggers it.</summary>
    public string? FaultAfterConfirmOf { get; set; }
}
