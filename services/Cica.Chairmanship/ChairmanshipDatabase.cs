using Cica.Persistence;

namespace Cica.Chairmanship;

/// <summary>The Chairmanship service's own database.</summary>
public sealed class ChairmanshipDatabase(DatabaseOptions options) : Database(options);
