using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Cica.ServiceDefaults.Security;

/// <summary>A call without an authenticated principal ends here: UNAUTHENTICATED, before its request is read.</summary>
public sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
            return GrpcStatusResponse.WriteAsync(context, StatusCode.Unauthenticated, "CALLER_UNKNOWN",
                "The call has no authenticated caller: send 'authorization: Bearer <token>' (claims role and country).", StatusCodes.Status401Unauthorized);
        if (authorizeResult.Forbidden)
            return GrpcStatusResponse.WriteAsync(context, StatusCode.PermissionDenied, "NOT_PERMITTED",
                "The caller may not make this call.", StatusCodes.Status403Forbidden);
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
