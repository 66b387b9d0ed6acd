namespace Cica.FaultInjection;

/// <summary>
/// One fault's figures. Lost: (consumer, event) pairs the producer committed that a consumer never
/// applied. Duplicates delivered: redeliveries the inboxes and the feed dropped. Duplicates applied:
/// an effect recorded twice (an inbox or feed row, a country known twice, an event a feed client
/// received twice). Outage: from the fault until the component is back; recovery: from the fault
/// until every event committed before the component was back is applied by every consumer.
/// </summary>
public sealed record FaultResult(
    string Key,
    string Fault,
    int Committed,
    int Consumers,
    int Lost,
    long DuplicatesDelivered,
    long DuplicatesApplied,
    double OutageSeconds,
    double? RecoverySeconds,
    string Notes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Missing,
    int DriverRetries,
    int FeedReconnects,
    string? Error = null)
{
    /// <summary>Nothing lost, nothing applied twice, and it recovered.</summary>
    public bool Passed => Error is null && Lost == 0 && DuplicatesApplied == 0 && RecoverySeconds is not null;
}
