using Cica.Contracts.Cbm.V1;
using Cica.Testing;

namespace Cica.CbmCoordination.Tests;

/// <summary>The seed is loaded once: a restart over the same files keeps amendments and adds no second copy of the list.</summary>
public sealed class SeedReloadTests
{
    [Fact]
    public async Task A_restart_keeps_the_amended_list_and_does_not_load_the_seed_again()
    {
        using var data = new TempDirectory("cica-cbm-test");
        await using (var first = await PlatformHost.StartAsync(data.Path))
        {
            await first.Client<CbmCoordinationService.CbmCoordinationServiceClient>().AmendCoordinatorListAsync(
                Changes.Amendment(Dates.Day(2023, 1, 10), Changes.Add("priorityAreas/economic-8", "KAZ", CoordinatorRole.Coordinator)),
                Callers.Secretariat);
        }

        await using var second = await PlatformHost.StartAsync(data.Path);
        var cbm = second.Client<CbmCoordinationService.CbmCoordinationServiceClient>();
        var history = await cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PageSize = 100 });
        Assert.Equal(41, history.CoordinatorAssignments.Count);
        Assert.Contains(history.CoordinatorAssignments, a => a.PriorityArea == "priorityAreas/economic-8" && a.CountryCode == "KAZ");
        var activities = await cbm.ListActivitiesAsync(new ListActivitiesRequest());
        Assert.Equal(2, activities.Activities.Count);
    }
}
