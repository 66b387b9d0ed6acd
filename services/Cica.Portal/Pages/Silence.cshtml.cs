using Cica.Contracts.Chairmanship.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace Cica.Portal.Pages;

/// <summary>Open silence procedures: the draft, the deadline in Astana time and in the viewer's, a countdown, and a member state's form to break silence.</summary>
public sealed class SilenceModel(PortalClients apis, TimeProvider clock) : PortalPage
{
    /// <summary>The open procedures with their drafts.</summary>
    public List<(SilenceProcedure Procedure, Decision Draft)> Open { get; } = [];

    /// <summary>Now, by the platform's clock.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Lists the open procedures.</summary>
    public Task OnGetAsync() => LoadAsync();

    /// <summary>Breaks silence on a procedure as the signed-in member state.</summary>
    public async Task OnPostAsync(string procedure, SilenceBreakKind kind, string text)
    {
        try
        {
            await apis.Chairmanship.BreakSilenceAsync(new BreakSilenceRequest
            {
                Name = procedure, CountryCode = Viewer!.Country ?? "", Kind = kind, Text = text ?? "", RequestId = Guid.NewGuid().ToString("N"),
            });
            Done = T("broken");
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var drafts = await apis.Chairmanship.ListDecisionsAsync(new ListDecisionsRequest { State = DecisionState.UnderSilence, PageSize = 100 });
            foreach (var d in drafts.Decisions.Where(d => d.SilenceProcedure.Length > 0))
            {
                var p = (await apis.Chairmanship.GetSilenceProcedureAsync(new GetSilenceProcedureRequest { Name = d.SilenceProcedure })).SilenceProcedure;
                if (p.State == SilenceProcedureState.UnderSilence) Open.Add((p, d));
            }
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    /// <summary>The deadline as stated (its own zone's wall-clock time: Astana's).</summary>
    public static string Stated(SilenceDeadline d) =>
        $"{PortalPage.D(d.LocalTime.Date)} {d.LocalTime.Hours:00}:{d.LocalTime.Minutes:00} ({d.TimeZone})";

    /// <summary>The deadline in the viewer's time zone.</summary>
    public string InViewerZone(SilenceDeadline d)
    {
        var local = TimeZoneInfo.ConvertTime(d.Instant.ToDateTimeOffset(), Viewer!.TimeZone);
        return $"{local:yyyy-MM-dd HH:mm} ({Viewer.TimeZone.Id}, UTC{local:zzz})";
    }

    /// <summary>Time left until the deadline, computed here (days, hours, minutes).</summary>
    public string Countdown(SilenceDeadline d)
    {
        var left = d.Instant.ToDateTimeOffset() - Now;
        if (left <= TimeSpan.Zero) return T("passed");
        return Language switch
        {
            "ru" => $"{(int)left.TotalDays} д {left.Hours} ч {left.Minutes} мин",
            "kk" => $"{(int)left.TotalDays} күн {left.Hours} сағ {left.Minutes} мин",
            _ => $"{(int)left.TotalDays} d {left.Hours} h {left.Minutes} min",
        };
    }
}
