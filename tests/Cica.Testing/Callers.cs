using Grpc.Core;

namespace Cica.Testing;

/// <summary>The metadata by which a test call says who makes it.</summary>
public static class Callers
{
    /// <summary>A call by the Secretariat.</summary>
    public static Metadata Secretariat => As("secretariat");

    /// <summary>A call by a member state.</summary>
    public static Metadata MemberState(string countryCode) => As("member-state/" + countryCode);

    /// <summary>A call declaring any caller value (including malformed ones).</summary>
    public static Metadata As(string value) => new() { { "x-cica-caller", value } };
}
