using Cica.Testing;

namespace Cica.Gateway.Tests;

/// <summary>
/// Membership in a process of its own and a gateway process in front of it, both on a broker of
/// their own; CBM is deployed at a closed port (down), the other services not at all.
/// </summary>
internal sealed class MembershipBehindGateway : IAsyncDisposable
{
    private MembershipBehindGateway(PlatformHost membership, PlatformHost gateway) => (Membership, Gateway) = (membership, gateway);

    public PlatformHost Membership { get; }

    public PlatformHost Gateway { get; }

    /// <summary>Starts both under <paramref name="directory"/>; <paramref name="gatewaySettings"/> are added to the gateway's.</summary>
    public static async Task<MembershipBehindGateway> StartAsync(string directory, IReadOnlyDictionary<string, string>? gatewaySettings = null)
    {
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        var membership = await PlatformHost.StartAsync(Path.Combine(directory, "membership"), new Dictionary<string, string>
        {
            ["Cica:Services"] = "membership",
            ["Messaging:RabbitMq"] = RabbitMqBroker.As("membership", broker),
        });
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Cica:Services"] = "gateway",
                ["Messaging:RabbitMq"] = RabbitMqBroker.As("gateway", broker),
                ["Gateway:Services:membership"] = membership.Address.ToString(),
                ["Gateway:Services:cbm"] = $"http://127.0.0.1:{PlatformProcess.ClosedPort()}",
            };
            foreach (var (key, value) in gatewaySettings ?? new Dictionary<string, string>()) settings[key] = value;
            return new MembershipBehindGateway(membership, await PlatformHost.StartAsync(Path.Combine(directory, "gateway"), settings));
        }
        catch
        {
            await membership.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Membership.DisposeAsync();
    }
}
