using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace Cica.Portal.Pages;

/// <summary>
/// The amendments of the list of coordinating countries, newest first: each decision with the
/// assignments it started and ended (read from the assignments' history, ListCoordinatorAssignments),
/// and for the Secretariat a form to amend the list (AmendCoordinatorList).
/// </summary>
public sealed class AmendmentsModel(PortalClients apis) : PortalPage
{
    /// <summary>Only the amendments of this area ("" for all).</summary>
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }

    /// <summary>The form.</summary>
    [BindProperty] public AmendmentForm Form { get; set; } = new();

    /// <summary>Identifies the form's submission (a resubmission changes nothing twice).</summary>
    [BindProperty] public string RequestId { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>The amendments, newest first.</summary>
    public List<Amendment> Amendments { get; } = [];

    /// <summary>The priority areas (for the filter and the form).</summary>
    public List<PriorityArea> Areas { get; } = [];

    /// <summary>The assignments in effect today (what an amendment may end or replace).</summary>
    public List<CoordinatorAssignment> Current { get; } = [];

    /// <summary>The member states.</summary>
    public List<(string Code, string Name)> Countries { get; private set; } = [];

    /// <summary>Shows the history (and the form to the Secretariat).</summary>
    public Task OnGetAsync() => LoadAsync();

    /// <summary>Amends the list as the Secretariat.</summary>
    public async Task OnPostAsync()
    {
        try
        {
            var answer = await apis.Cbm.AmendCoordinatorListAsync(Form.ToRequest(RequestId), cancellationToken: HttpContext.RequestAborted);
            Done = string.Format(T("amended"), answer.Started.Count, answer.Ended.Count, D(answer.EffectiveOn));
            Form = new AmendmentForm();
            RequestId = Guid.NewGuid().ToString("N");
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
        await LoadAsync();
    }

    /// <summary>The error of a form field (the API names it by its path in the request).</summary>
    public string? ErrorOfAny(params string[] fields) => fields.Select(ErrorOf).FirstOrDefault(e => e is not null);

    /// <summary>The role's name.</summary>
    public string Role(CoordinatorRole role) => role == CoordinatorRole.CoCoordinator ? T("coCoordinator") : T("coordinator");

    private async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        try
        {
            var areas = ReadAllAsync(async token => { var p = await apis.Cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { PageSize = 100, PageToken = token }, cancellationToken: ct); return (p.PriorityAreas, p.NextPageToken); });
            var history = ReadAllAsync(async token => { var p = await apis.Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PageSize = 100, PageToken = token, PriorityArea = Area ?? "" }, cancellationToken: ct); return (p.CoordinatorAssignments, p.NextPageToken); });
            Areas.AddRange(await areas);
            Amendments.AddRange(Amendment.Of(await history));
            if (Viewer!.IsSecretariat)
            {
                Countries = await MemberStateList.ReadAsync(apis, L, ct);
                Current.AddRange(Areas.SelectMany(a => a.Coordinators.Concat(a.CoCoordinators)));
            }
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    private static async Task<List<T>> ReadAllAsync<T>(Func<string, Task<(Google.Protobuf.Collections.RepeatedField<T> Items, string Next)>> page)
    {
        var all = new List<T>();
        var token = "";
        do
        {
            var (items, next) = await page(token);
            all.AddRange(items);
            token = next;
        } while (token.Length > 0 && all.Count < 5000);
        return all;
    }
}

/// <summary>One amendment of the list: a decision, the assignments it started and those it ended.</summary>
public sealed record Amendment(DecisionReference Decision, List<CoordinatorAssignment> Started, List<CoordinatorAssignment> Ended)
{
    /// <summary>The amendments found in a history of assignments, newest decision first.</summary>
    public static IEnumerable<Amendment> Of(IEnumerable<CoordinatorAssignment> history)
    {
        var byDecision = new Dictionary<string, Amendment>(StringComparer.Ordinal);
        Amendment For(DecisionReference d)
        {
            var key = PortalPage.Decision(d);
            if (!byDecision.TryGetValue(key, out var a)) byDecision[key] = a = new Amendment(d, [], []);
            return a;
        }
        foreach (var assignment in history)
        {
            if (assignment.Decision is { } started) For(started).Started.Add(assignment);
            if (assignment.EndedBy is { } ended) For(ended).Ended.Add(assignment);
        }
        return byDecision.Values.OrderByDescending(a => Key(a.Decision.Date)).ThenByDescending(a => a.Decision.Item);
    }

    private static int Key(CalendarDate? d) => d is null ? 0 : d.Year * 10000 + d.Month * 100 + d.Day;
}
