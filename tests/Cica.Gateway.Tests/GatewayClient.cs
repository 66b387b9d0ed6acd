using Cica.Contracts.Common.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Cica.Gateway.Tests;

/// <summary>What the gateway tests share: the accession they record, reading a feed, waiting for a condition.</summary>
internal static class Gw
{
    public static Task AdmitKuwaitAsync(GrpcChannel membership) =>
        new MembershipService.MembershipServiceClient(membership).AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = "accessionApplications/KWT-2022",
            Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2022, Month = 10, Day = 13 }, Meeting = "Sixth CICA Summit, Astana" },
        }, Callers.Secretariat).ResponseAsync;

    /// <summary>Reads the feed until <paramref name="stop"/> says so or <paramref name="timeout"/> passes; returns what came.</summary>
    public static async Task<List<FeedEvent>> ReadFeedAsync(GatewayService.GatewayServiceClient client, SubscribeEventsRequest request,
        Func<List<FeedEvent>, bool> stop, TimeSpan timeout)
    {
        var events = new List<FeedEvent>();
        using var cts = new CancellationTokenSource(timeout);
        using var call = client.SubscribeEvents(request, cancellationToken: cts.Token);
        try
        {
            while (await call.ResponseStream.MoveNext(cts.Token))
            {
                events.Add(call.ResponseStream.Current.Event);
                if (stop(events)) break;
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled) { }
        catch (OperationCanceledException) { }
        return events;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (or fails after <paramref name="timeout"/>).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var value = await read();
                if (condition(value)) return value;
            }
            catch (RpcException ex) { last = ex; }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{what} did not happen within {timeout} (last error: {last?.Message})");
    }

    public static async Task<CountryDossier> DossierAsync(GatewayService.GatewayServiceClient client, string country) =>
        (await client.GetCountryDossierAsync(new GetCountryDossierRequest { CountryCode = country })).Dossier;
}
