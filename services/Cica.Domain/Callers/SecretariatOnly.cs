using Cica.Domain.Errors;

namespace Cica.Domain.Callers;

/// <summary>Writes that record decisions of CICA's bodies: the Secretariat enters them.</summary>
public static class SecretariatOnly
{
    /// <summary>
    /// Refuses (NotPermitted SECRETARIAT_ONLY, naming the caller) unless <paramref name="caller"/> is the
    /// Secretariat. <paramref name="what"/> completes "Only the Secretariat …".
    /// </summary>
    public static void RequireSecretariat(this Caller caller, string what)
    {
        if (!caller.IsSecretariat)
            throw new NotPermittedException("SECRETARIAT_ONLY", $"Only the Secretariat {what}; the caller is {caller}.")
            {
                Metadata = new Dictionary<string, string> { ["caller"] = caller.ToString() },
            };
    }
}
