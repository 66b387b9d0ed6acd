namespace Cica.Gateway.Feed;

/// <summary>The event feed's settings (<c>Gateway:Feed</c>).</summary>
public sealed class FeedOptions
{
    /// <summary>How long the feed keeps an event after receiving it (default 7 days).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often retention removes expired events.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Safety-net poll of a waiting subscription (a commit wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events read from the store per query while a subscription catches up.</summary>
    public int BatchSize { get; set; } = 200;
}
