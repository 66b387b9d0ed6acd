using Cica.Persistence;

namespace Cica.Gateway;

/// <summary>The gateway's own database: the event feed's log (gateway.db, or ConnectionStrings:gateway).</summary>
public sealed class GatewayDatabase(DatabaseOptions options) : Database(options);
