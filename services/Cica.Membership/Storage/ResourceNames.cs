namespace Cica.Membership.Storage;

/// <summary>The service's resource names (AIP-122): collection/identifier.</summary>
public static class ResourceNames
{
    /// <summary>Collection of member states.</summary>
    public const string MemberStates = "memberStates/";
    /// <summary>Collection of observers.</summary>
    public const string Observers = "observers/";
    /// <summary>Collection of accession applications.</summary>
    public const string AccessionApplications = "accessionApplications/";

    /// <summary>"memberStates/KAZ".</summary>
    public static string MemberState(string countryCode) => MemberStates + countryCode;
    /// <summary>"observers/osce".</summary>
    public static string Observer(string id) => Observers + id;
    /// <summary>"accessionApplications/KWT-2022".</summary>
    public static string AccessionApplication(string id) => AccessionApplications + id;

    /// <summary>The identifier after the collection prefix, or null when the name is not of that collection.</summary>
    public static string? IdOf(string name, string collection) =>
        name.StartsWith(collection, StringComparison.Ordinal) && name.Length > collection.Length && !name[collection.Length..].Contains('/')
            ? name[collection.Length..] : null;
}
