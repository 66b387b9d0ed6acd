using System.Globalization;

namespace Cica.Domain;

/// <summary>Etags (AIP-154): opaque to callers, a row's version to the services.</summary>
public static class Etags
{
    /// <summary>The etag of a row version.</summary>
    public static string Of(int version) => $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"";
}
