using Cica.Contracts.Common.V1;

namespace Cica.Domain.Callers;

/// <summary>Who makes a write: the Secretariat or one member state.</summary>
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

    /// <summary>Secretariat or member state.</summary>
    public ActorKind Kind { get; }

    /// <summary>The member state's code; null for the Secretariat.</summary>
    public string? CountryCode { get; }

    /// <summary>True for the Secretariat.</summary>
    public bool IsSecretariat => Kind == ActorKind.Secretariat;

    /// <summary>The caller as recorded in events.</summary>
    public Actor ToActor() => new() { Kind = Kind, CountryCode = CountryCode ?? "" };

    /// <inheritdoc />
    public override string ToString() => IsSecretariat ? "secretariat" : $"member-state/{CountryCode}";
}
