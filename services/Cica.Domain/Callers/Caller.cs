using Cica.Contracts.Common.V1;

namespace Cica.Domain.Callers;

/// <summary>Who makes a call: the Secretariat, one member state, or an observer (reads only).</summary>
public sealed record Caller
{
    private Caller(ActorKind kind, string? countryCode)
    {
        Kind = kind;
        CountryCode = countryCode;
    }

    /// <summary>The CICA Secretariat.</summary>
    public static Caller Secretariat { get; } = new(ActorKind.Secretariat, null);

    /// <summary>A member state, by ISO 3166-1 alpha-3 code.</summary>
    public static Caller MemberState(string countryCode) => new(ActorKind.MemberState, countryCode);

    /// <summary>An observer (a state by ISO alpha-3 code, or an organisation: no code). Reads only.</summary>
    public static Caller Observer(string? countryCode = null) => new(ActorKind.Observer, string.IsNullOrEmpty(countryCode) ? null : countryCode);

    /// <summary>Secretariat, member state or observer.</summary>
    public ActorKind Kind { get; }

    /// <summary>The member state's (or observer state's) code; null for the Secretariat.</summary>
    public string? CountryCode { get; }

    /// <summary>True for the Secretariat.</summary>
    public bool IsSecretariat => Kind == ActorKind.Secretariat;

    /// <summary>True for an observer, who may only read.</summary>
    public bool IsObserver => Kind == ActorKind.Observer;

    /// <summary>The caller as recorded in events.</summary>
    public Actor ToActor() => new() { Kind = Kind, CountryCode = CountryCode ?? "" };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ActorKind.Secretariat => "secretariat",
        ActorKind.Observer => CountryCode is null ? "observer" : $"observer/{CountryCode}",
        _ => $"member-state/{CountryCode}",
    };
}
