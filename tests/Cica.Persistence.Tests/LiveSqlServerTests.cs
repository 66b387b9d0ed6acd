using Cica.CbmCoordination;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Membership;
using Cica.Testing;

namespace Cica.Persistence.Tests;

/// <summary>
/// The platform on a real SQL Server: runs only when <see cref="Variable"/> holds a connection string
/// whose login may create databases (e.g. "Server=localhost;User ID=sa;Password=…;TrustServerCertificate=true"),
/// and is reported as skipped otherwise, never as passed.
/// </summary>
public sealed class LiveSqlServerTests
{
    /// <summary>The environment variable holding the server's connection string.</summary>
    public const string Variable = "CICA_TEST_SQLSERVER";

    [SkippableFact]
    public async Task Membership_and_CBM_Coordination_run_on_SQL_Server()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrWhiteSpace(server), $"{Variable} is not set, so there is no SQL Server to run against.");

        await using var databases = await FreshSqlServerDatabases.CreateAsync(server!, MembershipModule.ServiceName, CbmCoordinationModule.ServiceName);
        using var unused = new TempDirectory("cica-sqlserver-test"); // PlatformHost names a data directory; SQL Server ignores it
        await using var host = await PlatformHost.StartAsync(unused.Path, new Dictionary<string, string>
        {
            ["Persistence:Provider"] = "SqlServer",
            ["ConnectionStrings:" + MembershipModule.ServiceName] = databases.ConnectionString(MembershipModule.ServiceName),
            ["ConnectionStrings:" + CbmCoordinationModule.ServiceName] = databases.ConnectionString(CbmCoordinationModule.ServiceName),
        });
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        var cbm = host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();

        // Japan applies, the SOC recommends, the Summit admits.
        var submitted = (await membership.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest
        {
            CountryCode = "JPN", SubmittedOn = Day(2023, 5, 2),
        }, Callers.Secretariat)).AccessionApplication;
        var recommended = (await membership.RecommendAccessionAsync(new RecommendAccessionRequest
        {
            Name = submitted.Name, Etag = submitted.Etag,
            Decision = new DecisionReference { Body = DecisionBody.SeniorOfficialsCommittee, Date = Day(2023, 6, 15), Item = 1 },
        }, Callers.Secretariat)).AccessionApplication;
        var admitted = await membership.AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = submitted.Name, Etag = recommended.Etag,
            Decision = new DecisionReference { Body = DecisionBody.Summit, Date = Day(2024, 10, 1), Item = 1 },
        }, Callers.Secretariat);
        Assert.Equal(AccessionApplicationState.Admitted, admitted.AccessionApplication.State);
        var members = (await membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 100 })).MemberStates.Select(m => m.CountryCode).ToList();
        Assert.Equal(28, members.Count); // 27 in the seed, and Japan
        Assert.Contains("JPN", members);

        // Keyset paging (OFFSET/FETCH, and "after" compared in the server's collation) loses and repeats nothing.
        var paged = new List<string>();
        var token = "";
        do
        {
            var page = await membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 10, PageToken = token });
            paged.AddRange(page.MemberStates.Select(m => m.CountryCode));
            token = page.NextPageToken;
        } while (token.Length > 0);
        Assert.Equal(members, paged);

        // CBM Coordination reads its seed back from SQL Server.
        var trade = (await cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = "priorityAreas/economic-8", AsOf = Day(2022, 10, 12) })).PriorityArea;
        Assert.Equal(["KGZ", "TUR"], trade.CoCoordinators.Select(c => c.CountryCode));

        // Then every other storage path, including an admission reaching CBM through outbox and inbox.
        await StoragePaths.WalkAsync(host);
    }

    private static CalendarDate Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };
}
