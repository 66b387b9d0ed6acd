using Cica.Contracts.Countries;
using Cica.Domain.Callers;
using Cica.ServiceDefaults.Errors;
using Grpc.Core;

namespace Cica.ServiceDefaults.Callers;

/// <summary>
/// Reads the caller from the metadata header <c>x-cica-caller</c>: <c>secretariat</c> or
/// <c>member-state/{ISO alpha-3}</c>. A declaration, not a proof: it stands until real
/// authentication replaces this class (see <see cref="ICallerResolver"/>).
/// </summary>
public sealed class MetadataCallerResolver : ICallerResolver
{
    /// <summary>The metadata header that carries the caller.</summary>
    public const string Header = "x-cica-caller";

    private const string MemberStatePrefix = "member-state/";

    /// <inheritdoc />
    public Caller Resolve(ServerCallContext context)
    {
        var value = context.RequestHeaders.GetValue(Header)?.Trim();
        if (string.IsNullOrEmpty(value))
            throw RpcErrors.Unauthenticated($"Writes must say who makes them: metadata '{Header}' is 'secretariat' or 'member-state/<ISO alpha-3 code>'.");
        if (value == "secretariat") return Caller.Secretariat;
        if (value.StartsWith(MemberStatePrefix, StringComparison.Ordinal))
        {
            var code = value[MemberStatePrefix.Length..];
            if (IsoCountries.Find(code) is not null) return Caller.MemberState(code);
        }
        throw RpcErrors.Unauthenticated($"Metadata '{Header}' is '{value}': expected 'secretariat' or 'member-state/<ISO alpha-3 code>'.");
    }
}
