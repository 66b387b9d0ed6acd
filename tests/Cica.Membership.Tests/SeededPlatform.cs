using Cica.Contracts.Membership.V1;
using Cica.Testing;

namespace Cica.Membership.Tests;

/// <summary>One seeded platform shared by tests that only read.</summary>
public sealed class SeededPlatform : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    /// <summary>The running platform.</summary>
    public PlatformHost Host { get; private set; } = null!;

    /// <summary>A Membership client.</summary>
    public MembershipService.MembershipServiceClient Membership => Host.Client<MembershipService.MembershipServiceClient>();

    /// <inheritdoc />
    public async Task InitializeAsync() => Host = await PlatformHost.StartAsync(_data.Path);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }
}
