using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// A seeded platform of its own: as a class fixture, shared by tests that only read or whose writes
/// fail; created per test (<see cref="StartAsync"/>) by tests that change the list.
/// </summary>
public sealed class CbmPlatform : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cica-cbm-test");

    /// <summary>The running platform.</summary>
    public PlatformHost Host { get; private set; } = null!;

    /// <summary>A client of the CBM Coordination service.</summary>
    public CbmCoordinationService.CbmCoordinationServiceClient Cbm => Host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();

    /// <summary>A platform started for one test.</summary>
    public static async Task<CbmPlatform> StartAsync()
    {
        var platform = new CbmPlatform();
        await platform.InitializeAsync();
        return platform;
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => Host = await PlatformHost.StartAsync(_data.Path);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>
    /// Everything the service holds that a write could change: the whole history of assignments and
    /// every activity. Comparing it before and after a refused write shows that nothing changed.
    /// </summary>
    public async Task<(IReadOnlyList<CoordinatorAssignment> Assignments, IReadOnlyList<Activity> Activities)> SnapshotAsync()
    {
        var assignments = new List<CoordinatorAssignment>();
        var token = "";
        do
        {
            var page = await Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PageSize = 100, PageToken = token });
            assignments.AddRange(page.CoordinatorAssignments);
            token = page.NextPageToken;
        } while (token.Length > 0);

        var activities = new List<Activity>();
        do
        {
            var page = await Cbm.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 100, PageToken = token });
            activities.AddRange(page.Activities);
            token = page.NextPageToken;
        } while (token.Length > 0);
        return (assignments, activities);
    }

    /// <summary>Asserts that nothing changed since <paramref name="before"/> was taken.</summary>
    public async Task AssertUnchangedAsync((IReadOnlyList<CoordinatorAssignment> Assignments, IReadOnlyList<Activity> Activities) before)
    {
        var after = await SnapshotAsync();
        Assert.Equal(before.Assignments, after.Assignments);
        Assert.Equal(before.Activities, after.Activities);
    }

    /// <summary>The countries holding <paramref name="role"/> in <paramref name="area"/> on a day, in the order of the list.</summary>
    public async Task<IReadOnlyList<string>> HoldersAsync(string area, CoordinatorRole role, CalendarDate asOf)
    {
        var response = await Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest
        {
            PriorityArea = area, Role = role, AsOf = asOf, PageSize = 100,
        });
        return response.CoordinatorAssignments.Select(a => a.CountryCode).ToList();
    }
}
