using Cica.Contracts.Gateway.V1;
using Google.Rpc;
using Grpc.Core;

namespace Cica.Portal;

/// <summary>
/// Reads the gateway's live event feed (SubscribeEvents) for the feed page: the newest events up
/// to now, and the cursor from which the page's script follows the stream.
/// </summary>
public sealed class FeedReader(PortalClients apis)
{
    /// <summary>How many of the newest events are read (then filtered) for a page.</summary>
    public const int Window = 1000;

    /// <summary>The newest events (newest first) that pass the filter, at most <paramref name="max"/>, and the feed's newest sequence.</summary>
    public async Task<(List<FeedEvent> Events, long Cursor)> RecentAsync(string? country, string? area, int max, CancellationToken ct)
    {
        var bounds = await BoundsAsync(ct);
        var events = new List<FeedEvent>();
        if (bounds is { Newest: 0 }) return (events, 0);
        var request = bounds is { } b
            ? new SubscribeEventsRequest { AfterSequence = Math.Max(b.PurgedThrough, b.Newest - Window) }
            : new SubscribeEventsRequest { FromOldestRetained = true };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(TimeSpan.FromSeconds(10));   // a bound, never the normal way out
        using var call = apis.Gateway.SubscribeEvents(request, cancellationToken: stop.Token);
        long cursor = bounds?.Newest ?? 0;
        try
        {
            while (true)
            {
                // Without bounds (another gateway's error details), a quiet stream means caught up.
                var next = call.ResponseStream.MoveNext(stop.Token);
                if (bounds is null && await Task.WhenAny(next, Task.Delay(500, ct)) != next)
                {
                    _ = next.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                    break;
                }
                if (!await next) break;
                var e = call.ResponseStream.Current.Event;
                if (bounds is null) cursor = e.Sequence;
                if (Passes(e, country, area))
                {
                    events.Add(e);
                    if (events.Count > max) events.RemoveAt(0);
                }
                if (bounds is { } known && e.Sequence >= known.Newest) break;
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && !ct.IsCancellationRequested)
        {
            // The bound above: show what was read.
        }
        events.Reverse();
        return (events, cursor);
    }

    /// <summary>The stream after <paramref name="after"/>, filtered by the gateway.</summary>
    public AsyncServerStreamingCall<SubscribeEventsResponse> Follow(long after, string? country, string? area, CancellationToken ct)
    {
        var request = new SubscribeEventsRequest { AfterSequence = after };
        if (!string.IsNullOrEmpty(country)) request.CountryCodes.Add(country);
        if (!string.IsNullOrEmpty(area)) request.PriorityAreas.Add(area);
        return apis.Gateway.SubscribeEvents(request, cancellationToken: ct);
    }

    /// <summary>True when the event is about the country and the area asked for (empty: any).</summary>
    public static bool Passes(FeedEvent e, string? country, string? area) =>
        (string.IsNullOrEmpty(country) || e.CountryCode == country) && (string.IsNullOrEmpty(area) || e.PriorityArea == area);

    // The feed's newest and oldest-kept sequences, from the gateway's answer to a cursor beyond its
    // newest event (OUT_OF_RANGE CURSOR_AHEAD with both in its ErrorInfo); null when it gives none.
    private async Task<(long Newest, long PurgedThrough)?> BoundsAsync(CancellationToken ct)
    {
        try
        {
            using var probe = apis.Gateway.SubscribeEvents(new SubscribeEventsRequest { AfterSequence = long.MaxValue }, cancellationToken: ct);
            await probe.ResponseStream.MoveNext(ct);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.OutOfRange
            && ex.GetRpcStatus()?.GetDetail<ErrorInfo>() is { } info
            && long.TryParse(info.Metadata.GetValueOrDefault("newest_sequence"), out var newest)
            && long.TryParse(info.Metadata.GetValueOrDefault("purged_through"), out var purged))
        {
            return (newest, purged);
        }
        return null;
    }
}
