using Cica.Domain.Callers;
using Grpc.Core;

namespace Cica.ServiceDefaults.Callers;

/// <summary>
/// Learns who makes a call. The one place where identity enters the services: real
/// authentication (client certificates, tokens) replaces the implementation, not the services.
/// </summary>
public interface ICallerResolver
{
    /// <summary>The caller of this call; throws UNAUTHENTICATED when it cannot be established.</summary>
    Caller Resolve(ServerCallContext context);
}
