using Cica.Persistence;

namespace Cica.Membership;

/// <summary>The Membership service's own database.</summary>
public sealed class MembershipDatabase(DatabaseOptions options) : Database(options);
