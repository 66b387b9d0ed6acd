using System.Collections.Concurrent;
using System.Diagnostics;
using Cica.Contracts.Membership.V1;
using Cica.Messaging.Tests.Ledger;
using Cica.Testing;

namespace Cica.Messaging.Tests;

/// <summary>One trace spans the call that changed something, the outbox relay, the broker and the consumer.</summary>
[Collection(BrokerCollection.Name)]
public sealed class TraceContinuityTests : IDisposable
{
    private readonly ConcurrentBag<Activity> _finished = [];
    private readonly ActivityListener _listener;

    public TraceContinuityTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _finished.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task The_consumer_span_continues_the_trace_of_the_call_that_caused_the_event()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var platform = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string> { ["Messaging:RabbitMq"] = broker });
        await using var ledger = await LedgerService.StartAsync(data.Path, broker, membershipUser: "guest"); // the platform in one process publishes as guest

        // The caller's own span, as another government's traced system would have: its client sends
        // the W3C traceparent header.
        var consumedBefore = ledger.Consumed;
        ActivityTraceId traceId;
        using (var caller = new Activity("caller submits an application").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = caller.TraceId;
            await new MembershipService.MembershipServiceClient(platform.Channel).SubmitAccessionApplicationAsync(
                new SubmitAccessionApplicationRequest { CountryCode = "TKM", SubmittedOn = new() { Year = 2023, Month = 4, Day = 1 } }, Callers.Secretariat);
        }
        await ledger.WaitForConsumedAsync(consumedBefore + 1, TimeSpan.FromSeconds(60));

        // The ledger's receive (the platform's own gateway feed consumes the event too).
        var trace = await WaitForAsync(() => _finished.Where(a => a.TraceId == traceId).ToList(),
            spans => spans.Any(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer && a.DisplayName == "test-ledger receive"));
        var spans = "spans of the trace: " + string.Join("; ", trace.Select(a => $"{a.Source.Name}/{a.Kind}/{a.DisplayName} {a.SpanId} under {a.ParentSpanId}"));
        Assert.True(trace.Any(a => a.Kind == ActivityKind.Server), spans);                                     // the gRPC call
        // The relay's publish to the broker (RabbitMQ.Client directly on RabbitMQ), and the ledger's
        // receive right under it: the context crossed the broker in the message's headers.
        var publish = trace.Where(a => a.Source.Name == "Cica.Messaging.Outbox" && a.Kind == ActivityKind.Producer).ToList();
        Assert.True(publish.Count == 1, spans);
        var receive = trace.Single(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer && a.DisplayName == "test-ledger receive");
        Assert.True(receive.ParentSpanId == publish[0].SpanId, spans);
    }

    // Activities stop asynchronously after the work they measure; give them a moment.
    private static async Task<List<Activity>> WaitForAsync(Func<List<Activity>> read, Func<List<Activity>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var spans = read();
        while (!done(spans) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            spans = read();
        }
        Assert.True(done(spans), "spans of the trace: " + string.Join(", ", spans.Select(s => $"{s.Source.Name}/{s.Kind}/{s.DisplayName}")));
        return spans;
    }
}
