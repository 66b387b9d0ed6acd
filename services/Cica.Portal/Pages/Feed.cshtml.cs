using System.Text.Json;
using Cica.Contracts.Gateway.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cica.Portal.Pages;

/// <summary>
/// The live event feed (gateway SubscribeEvents): the newest events rendered by the server, kept up
/// to date by a small script that follows the stream from the page's cursor (server-sent events),
/// or without script by the page reloading itself.
/// </summary>
public sealed class FeedModel(PortalClients apis) : PortalPage
{
    /// <summary>How many events the page shows.</summary>
    public const int Shown = 50;

    /// <summary>Seconds between reloads when script is off.</summary>
    public const int RefreshSeconds = 15;

    /// <summary>Only events about this country ("" for all).</summary>
    public string Country { get; private set; } = "";

    /// <summary>Only events about this priority area ("" for all).</summary>
    public string Area { get; private set; } = "";

    /// <summary>The countries to choose from.</summary>
    public List<(string Code, string Name)> Countries { get; private set; } = [];

    /// <summary>The newest events, newest first.</summary>
    public List<FeedEvent> Events { get; private set; } = [];

    /// <summary>The feed's newest sequence when the page was made: the script follows the stream after it.</summary>
    public long Cursor { get; private set; }

    /// <summary>Reads the newest events.</summary>
    public async Task OnGetAsync(string? country, string? area)
    {
        var ct = HttpContext.RequestAborted;
        (Country, Area) = (Normalized(country), area ?? "");
        try
        {
            Countries = await MemberStateList.ReadAsync(apis, L, ct);
            (Events, Cursor) = await new FeedReader(apis).RecentAsync(Country, Area, Shown, ct);
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    /// <summary>
    /// The stream after <paramref name="after"/> as server-sent events (one JSON object per event,
    /// its sequence as the event id, so that the browser's reconnection resumes where it stopped).
    /// </summary>
    public async Task<IActionResult> OnGetStreamAsync(long after, string? country, string? area)
    {
        if (long.TryParse(Request.Headers["Last-Event-ID"], out var resumed)) after = resumed;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(HttpContext.RequestAborted);
        stop.CancelAfter(TimeSpan.FromMinutes(10));   // the browser reconnects with Last-Event-ID
        Response.ContentType = "text/event-stream";
        Response.Headers.CacheControl = "no-cache";
        try
        {
            await Response.WriteAsync("retry: 2000\n\n", stop.Token);
            await Response.Body.FlushAsync(stop.Token);
            using var call = new FeedReader(apis).Follow(after, Normalized(country), area, stop.Token);
            await foreach (var message in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                var e = message.Event;
                var (summary, json) = EventText.Describe(e, L);
                var row = JsonSerializer.Serialize(new
                {
                    sequence = e.Sequence, time = Local(e.ReceiveTime), type = EventText.ShortType(e), fullType = e.EventType,
                    country = e.CountryCode, area = e.PriorityArea, summary, json,
                });
                await Response.WriteAsync($"id: {e.Sequence}\ndata: {row}\n\n", stop.Token);
                await Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) { }
        catch (RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.Cancelled) { }
        catch (RpcException ex)
        {
            if (!Response.HasStarted) return StatusCode(StatusCodes.Status502BadGateway);
            await Response.WriteAsync($"event: problem\ndata: {JsonSerializer.Serialize(ex.Status.Detail)}\n\n", CancellationToken.None);
        }
        return new EmptyResult();
    }

    /// <summary>The country picker (it keeps the area).</summary>
    public CountryPicker Picker => new(this, Countries, Country, AllowAll: true,
        Keep: Area.Length > 0 ? new Dictionary<string, string> { ["area"] = Area } : null);

    /// <summary>The stream's address for the page's script.</summary>
    public string StreamUrl =>
        $"/feed?handler=stream&after={Cursor}&country={Uri.EscapeDataString(Country)}&area={Uri.EscapeDataString(Area)}";

    private static string Normalized(string? country) => (country ?? "").Trim().ToUpperInvariant();
}
