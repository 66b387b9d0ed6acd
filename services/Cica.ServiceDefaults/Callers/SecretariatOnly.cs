using Cica.ServiceDefaults.Errors;
using Grpc.Core;

namespace Cica.ServiceDefaults.Callers;

/// <summary>Writes that record decisions of CICA's bodies: the Secretariat enters them.</summary>
public static class SecretariatOnly
{
    /// <summary>
    /// The caller, if it is the Secretariat; PERMISSION_DENIED (SECRETARIAT_ONLY) naming the caller
    /// otherwise. <paramref name="what"/> completes "Only the Secretariat …".
    /// </summary>
    public static Caller RequireSecretariat(this ICallerResolver callers, ServerCallContext context, string what)
    {
        var caller = callers.Resolve(context);
        if (!caller.IsSecretariat)
            throw RpcErrors.PermissionDenied("SECRETARIAT_ONLY", $"Only the Secretariat {what}; the caller is {caller}.",
                new Dictionary<string, string> { ["caller"] = caller.ToString() });
        return caller;
    }
}
