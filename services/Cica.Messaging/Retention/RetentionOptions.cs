namespace Cica.Messaging.Retention;

/// <summary>How long retry records and inbox entries are kept (configuration section "Messaging:Retention").</summary>
public sealed class RetentionOptions
{
    /// <summary>
    /// Age after which request_log rows (a retried call's first result) and inbox_messages rows (a
    /// redelivery's de-duplication) are removed: long enough for any client retry or broker redelivery.
    /// </summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old rows are looked for.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows removed per write: small, so that no write waits long behind the removal.</summary>
    public int BatchSize { get; set; } = 500;
}
