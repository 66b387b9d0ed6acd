namespace Cica.Persistence.Migrations;

/// <summary>
/// A service's seed data, loaded once, on the first start, in one transaction with the record
/// that it was loaded (and with any events it publishes through the outbox).
/// </summary>
public interface ISeed<TDatabase> where TDatabase : Database
{
    /// <summary>Loads the seed data.</summary>
    Task LoadAsync(UnitOfWork uow, CancellationToken ct);
}
