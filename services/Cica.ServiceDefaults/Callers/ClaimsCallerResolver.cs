using Cica.Domain.Callers;
using Cica.ServiceDefaults.Errors;
using Cica.ServiceDefaults.Security;
using Grpc.Core;

namespace Cica.ServiceDefaults.Callers;

/// <summary>
/// The caller is the authenticated principal of the call (a validated JWT, or a development
/// declaration when explicitly allowed): never a plain header.
/// </summary>
public sealed class ClaimsCallerResolver : ICallerResolver
{
    /// <inheritdoc />
    public Caller Resolve(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
            throw RpcErrors.Unauthenticated("The call has no authenticated caller: send 'authorization: Bearer <token>'.");
        return CallerClaims.ToCaller(user, out var problem)
            ?? throw RpcErrors.Unauthenticated($"The caller is not one the platform knows: {problem}.");
    }
}
