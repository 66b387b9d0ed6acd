using Cica.Contracts.Common.V1;
using Cica.Contracts.Countries;
using Cica.Contracts.Gateway.V1;
using Cica.Domain.Errors;
using Cica.Domain.Time;
using Cica.Gateway.Feed;
using Cica.Gateway.Views;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Cica.Gateway.Api;

/// <summary>cica.gateway.v1.GatewayService: the views (assembled by <see cref="ViewAssembler"/>) and the live feed.</summary>
public sealed class GatewayGrpcService(
    ViewAssembler assembler,
    IEnumerable<IViewSection<CountryQuery, CountryDossier>> dossierSections,
    IEnumerable<IViewSection<PriorityAreaQuery, PriorityAreaOverview>> areaSections,
    IEnumerable<IViewSection<MeetingQuery, MeetingOutcome>> meetingSections,
    FeedStore feed,
    FeedSignal signal,
    GatewayDatabase database,
    IOptions<FeedOptions> feedOptions,
    TimeProvider clock) : GatewayService.GatewayServiceBase
{
    /// <inheritdoc />
    public override async Task<GetCountryDossierResponse> GetCountryDossier(GetCountryDossierRequest request, ServerCallContext context)
    {
        new FieldViolations().AddIf("country_code", IsoCountries.Problem(request.CountryCode)).ThrowIfAny();
        var query = new CountryQuery(request.CountryCode, CalendarDate.From(AstanaTime.Today(clock)));
        var dossier = await assembler.AssembleAsync(dossierSections, query, new CountryDossier { CountryCode = request.CountryCode }, context);
        dossier.AssembleTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        return new GetCountryDossierResponse { Dossier = dossier };
    }

    /// <inheritdoc />
    public override async Task<GetPriorityAreaOverviewResponse> GetPriorityAreaOverview(GetPriorityAreaOverviewRequest request, ServerCallContext context)
    {
        new FieldViolations().AddIf("name", request.Name.StartsWith("priorityAreas/", StringComparison.Ordinal) && request.Name.Length > "priorityAreas/".Length
            ? null : "must be a priority area's resource name, e.g. \"priorityAreas/economic-8\"").ThrowIfAny();
        var query = new PriorityAreaQuery(request.Name, CalendarDate.From(AstanaTime.Today(clock)));
        var overview = await assembler.AssembleAsync(areaSections, query, new PriorityAreaOverview { Name = request.Name }, context);
        overview.AssembleTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        return new GetPriorityAreaOverviewResponse { Overview = overview };
    }

    /// <inheritdoc />
    public override async Task<GetMeetingOutcomeResponse> GetMeetingOutcome(GetMeetingOutcomeRequest request, ServerCallContext context)
    {
        new FieldViolations().AddIf("meeting", string.IsNullOrWhiteSpace(request.Meeting) ? "is required, e.g. \"SOC meeting, Astana, 10-12 October 2022\"" : null).ThrowIfAny();
        var outcome = await assembler.AssembleAsync(meetingSections, new MeetingQuery(request.Meeting), new MeetingOutcome { Meeting = request.Meeting }, context);
        outcome.AssembleTime = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        return new GetMeetingOutcomeResponse { Outcome = outcome };
    }

    /// <inheritdoc />
    public override async Task SubscribeEvents(SubscribeEventsRequest request, IServerStreamWriter<SubscribeEventsResponse> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var violations = new FieldViolations();
        for (var i = 0; i < request.CountryCodes.Count; i++) violations.AddIf($"country_codes[{i}]", IsoCountries.Problem(request.CountryCodes[i]));
        violations.AddIf("after_sequence", request.StartCase == SubscribeEventsRequest.StartOneofCase.AfterSequence && request.AfterSequence < 0 ? "must be 0 or more" : null);
        violations.ThrowIfAny();
        await database.Ready.WaitAsync(ct);

        // Subscribe to wake-ups before reading the bounds, so that no commit falls between them.
        var wakeUp = signal.Next;
        var (newest, purgedThrough) = await feed.BoundsAsync(ct);
        var after = request.StartCase switch
        {
            SubscribeEventsRequest.StartOneofCase.AfterSequence => request.AfterSequence,
            SubscribeEventsRequest.StartOneofCase.FromOldestRetained => purgedThrough,
            _ => newest,
        };
        if (after < purgedThrough)
            throw OutOfRange("CURSOR_EXPIRED", $"Events after sequence {after} have been removed (retention {feedOptions.Value.Retention}); the oldest kept follows sequence {purgedThrough}. Resubscribe with from_oldest_retained, or from now.", after, purgedThrough, newest);
        if (after > newest)
            throw OutOfRange("CURSOR_AHEAD", $"Sequence {after} is beyond this gateway's newest event ({newest}): the cursor is not from this feed.", after, purgedThrough, newest);

        var filter = new FeedFilter([.. request.EventTypes], [.. request.CountryCodes], [.. request.PriorityAreas]);
        var batch = Math.Clamp(feedOptions.Value.BatchSize, 1, 10_000);
        while (!ct.IsCancellationRequested)
        {
            var rows = await feed.ReadAfterAsync(after, filter, batch, ct);
            foreach (var row in rows)
            {
                await responseStream.WriteAsync(new SubscribeEventsResponse { Event = ToEvent(row) }, ct);
                after = row.Sequence;
            }
            if (rows.Count == batch) continue; // still catching up
            await Task.WhenAny(wakeUp, Task.Delay(feedOptions.Value.PollInterval, ct));
            ct.ThrowIfCancellationRequested();
            wakeUp = signal.Next;
        }
    }

    private static FeedEvent ToEvent(FeedRow row) => new()
    {
        Sequence = row.Sequence,
        MessageId = row.MessageId,
        EventType = row.EventType,
        CountryCode = row.CountryCode ?? "",
        PriorityArea = row.PriorityArea ?? "",
        ReceiveTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(row.ReceivedAt, System.Globalization.CultureInfo.InvariantCulture)),
        Event = new Any { TypeUrl = "type.googleapis.com/" + row.EventType, Value = ByteString.CopyFrom(row.Payload) },
    };

    private static RpcException OutOfRange(string reason, string message, long after, long purgedThrough, long newest)
    {
        var info = new ErrorInfo { Domain = ServiceDefaults.Errors.RpcErrors.Domain, Reason = reason };
        info.Metadata["after_sequence"] = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Metadata["purged_through"] = purgedThrough.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Metadata["newest_sequence"] = newest.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Google.Rpc.Status { Code = (int)Code.OutOfRange, Message = message, Details = { Any.Pack(info) } }.ToRpcException();
    }
}
