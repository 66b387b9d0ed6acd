using System.Security.Claims;

namespace Cica.Portal;

/// <summary>What the pages need to know of the signed-in desk officer (read from the portal's cookie).</summary>
public sealed record PortalUser(string Actor, string Language, TimeZoneInfo TimeZone)
{
    /// <summary>Claim of the interface language (en, ru, kk).</summary>
    public const string LanguageClaim = "cica:language";

    /// <summary>Claim of the viewer's IANA time zone.</summary>
    public const string TimeZoneClaim = "cica:time-zone";

    /// <summary>True for the Secretariat.</summary>
    public bool IsSecretariat => Actor == PortalCredentials.Secretariat;

    /// <summary>The member state's code; null for the Secretariat.</summary>
    public string? Country => IsSecretariat ? null : Actor;

    /// <summary>The signed-in user, or null.</summary>
    public static PortalUser? From(ClaimsPrincipal? principal)
    {
        var actor = principal?.FindFirst(PortalCredentials.ActorClaim)?.Value;
        if (string.IsNullOrEmpty(actor)) return null;
        var language = Texts.Supported(principal!.FindFirst(LanguageClaim)?.Value);
        return new PortalUser(actor, language, Zone(principal.FindFirst(TimeZoneClaim)?.Value));
    }

    /// <summary>The time zone of that id, UTC when unknown.</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
        catch (InvalidTimeZoneException) { return TimeZoneInfo.Utc; }
    }
}
