namespace Cica.Persistence.Migrations;

/// <summary>
/// A service's seed data, loaded once, on the first start, in one transaction with the record
/// that it was loaded (and with any events it publishes through the outbox).
/// </summary>
public interface ISeed<TDatabase> where TDatabase : Database
{
    /// <summary>
    /// Waits, before the load, for what the seed needs from other services' events (e.g. the member
    /// states its rows name), so that the outcome does not depend on the order services start in.
    /// </summary>
    Task BeforeLoadAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Loads the seed data.</summary>
    Task LoadAsync(UnitOfWork uow, CancellationToken ct);
}
