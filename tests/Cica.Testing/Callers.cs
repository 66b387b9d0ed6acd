using Grpc.Core;

namespace Cica.Testing;

/// <summary>
/// The metadata by which a test call says who makes it: a bearer token signed by the test run's
/// identity provider (<see cref="TestTokens"/>). A call with no metadata at all is made as an
/// observer (see <see cref="DefaultCallerHandler"/>); <see cref="Anonymous"/> sends no credentials.
/// </summary>
public static class Callers
{
    /// <summary>Header that tells <see cref="DefaultCallerHandler"/> to send no credentials (removed before sending).</summary>
    public const string AnonymousMarker = "x-cica-test-anonymous";

    /// <summary>A call by the Secretariat.</summary>
    public static Metadata Secretariat => Bearer(TestTokens.For("secretariat"));

    /// <summary>A call by a member state (any code: an unknown one is refused by the platform).</summary>
    public static Metadata MemberState(string countryCode) => Bearer(TestTokens.For("member-state", countryCode));

    /// <summary>A call by an observer (read only).</summary>
    public static Metadata Observer => Bearer(TestTokens.For("observer"));

    /// <summary>A call without any credentials.</summary>
    public static Metadata Anonymous => new() { { AnonymousMarker, "1" } };

    /// <summary>A call with this bearer token.</summary>
    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    /// <summary>
    /// The caller of the former declaration syntax: <c>secretariat</c>, <c>member-state/XXX</c>,
    /// <c>observer</c> become tokens; anything else is sent as an unproven <c>x-cica-caller</c>
    /// declaration, which the platform ignores unless Security:AllowDeclaredCaller is on.
    /// </summary>
    public static Metadata As(string value) => value switch
    {
        "secretariat" => Secretariat,
        "observer" => Observer,
        _ when value.StartsWith("member-state/", StringComparison.Ordinal) => MemberState(value["member-state/".Length..]),
        _ => Declared(value),
    };

    /// <summary>An unproven declaration in <c>x-cica-caller</c> (honoured only with Security:AllowDeclaredCaller=true).</summary>
    public static Metadata Declared(string value) => new() { { "x-cica-caller", value } };
}
