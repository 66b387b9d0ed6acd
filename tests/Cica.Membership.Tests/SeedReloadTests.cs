using Cica.Contracts.Membership.V1;
using Cica.Testing;

namespace Cica.Membership.Tests;

/// <summary>Seed data is loaded once: restarting over the same files neither duplicates nor resets it.</summary>
public sealed class SeedReloadTests
{
    [Fact]
    public async Task A_restart_keeps_changes_and_does_not_load_the_seed_again()
    {
        using var data = new TempDirectory();
        await using (var first = await PlatformHost.StartAsync(data.Path))
        {
            await first.Client<MembershipService.MembershipServiceClient>().AdmitMemberStateAsync(
                new AdmitMemberStateRequest { Name = "accessionApplications/KWT-2022", Decision = Decisions.Summit(2022, 10, 13) },
                Callers.Secretariat);
        }

        await using var second = await PlatformHost.StartAsync(data.Path);
        var membership = second.Client<MembershipService.MembershipServiceClient>();
        var members = await membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 100 });
        Assert.Equal(28, members.MemberStates.Count);
        var kuwait = await membership.GetAccessionApplicationAsync(new GetAccessionApplicationRequest { Name = "accessionApplications/KWT-2022" });
        Assert.Equal(AccessionApplicationState.Admitted, kuwait.AccessionApplication.State);
    }
}
