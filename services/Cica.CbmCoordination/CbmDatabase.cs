using Cica.Persistence;

namespace Cica.CbmCoordination;

/// <summary>The CBM Coordination service's own database.</summary>
public sealed class CbmDatabase(DatabaseOptions options) : Database(options);
