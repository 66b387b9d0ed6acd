using System.Diagnostics;
using Cica.Contracts.Membership.V1;

namespace Cica.Benchmarks;

/// <summary>ListAccessionApplications through a real gRPC client over the loopback socket.</summary>
public sealed class RpcPaging(MembershipService.MembershipServiceClient client, int pageSize)
{
    /// <summary>What one walk through every page found.</summary>
    public sealed record Walk(IReadOnlyDictionary<int, string> TokenAt, int Pages, int Rows, TimeSpan Elapsed);

    /// <summary>
    /// Pages through the whole list once, as a client would, keeping the page token that starts at
    /// each of <paramref name="positions"/> (row numbers, multiples of the page size; "" for row 0).
    /// Tokens are opaque: following next_page_token is the only way a client gets one.
    /// </summary>
    public async Task<Walk> WalkAsync(IReadOnlyCollection<int> positions)
    {
        var tokens = new Dictionary<int, string>();
        var token = "";
        int pages = 0, rows = 0;
        var start = Stopwatch.GetTimestamp();
        do
        {
            if (positions.Contains(rows)) tokens[rows] = token;
            var page = await PageAsync(token);
            pages++;
            rows += page.AccessionApplications.Count;
            token = page.NextPageToken;
        } while (token.Length > 0);
        return new Walk(tokens, pages, rows, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>One page.</summary>
    public async Task<ListAccessionApplicationsResponse> PageAsync(string token) =>
        await client.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { PageSize = pageSize, PageToken = token });
}
