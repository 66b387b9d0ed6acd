using Cica.Gateway.Downstream;
using Grpc.Core;

namespace Cica.Gateway.Views;

/// <summary>Reads every page of a downstream List call, up to a bound, each page a call with its own deadline.</summary>
public static class Pages
{
    /// <summary>The items of every page (at most <paramref name="maxPages"/> pages).</summary>
    public static async Task<List<TItem>> ListAllAsync<TClient, TResponse, TItem>(this Downstream.Downstream downstream, DownstreamService service,
        Func<TClient, CallOptions, string, AsyncUnaryCall<TResponse>> list, Func<TResponse, IEnumerable<TItem>> items,
        Func<TResponse, string> next, int maxPages, CancellationToken ct) where TClient : class
    {
        var all = new List<TItem>();
        var token = "";
        for (var page = 0; page < maxPages; page++)
        {
            var response = await downstream.CallAsync<TClient, TResponse>(service, (c, o) => list(c, o, token), ct);
            all.AddRange(items(response));
            token = next(response);
            if (token.Length == 0) break;
        }
        return all;
    }
}
