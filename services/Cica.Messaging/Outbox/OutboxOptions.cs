namespace Cica.Messaging.Outbox;

/// <summary>Settings of the outbox relay (configuration section "Messaging:Outbox").</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for rows when no commit woke it (a safety net).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one publish may wait for the broker's confirm before the relay retries later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows read per batch.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Longest pause between attempts while the broker is unreachable.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);
}
