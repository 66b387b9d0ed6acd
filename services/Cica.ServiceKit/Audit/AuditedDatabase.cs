using Cica.Persistence;

namespace Cica.ServiceKit.Audit;

/// <summary>A database this host carries whose audit trail AuditTrailService serves, by service name.</summary>
public sealed record AuditedDatabase(string Service, Func<IServiceProvider, Database> Resolve);
