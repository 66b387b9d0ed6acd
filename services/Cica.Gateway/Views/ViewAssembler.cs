using Cica.Contracts.Gateway.V1;
using Cica.Gateway.Downstream;
using Cica.ServiceDefaults.Errors;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Cica.Gateway.Views;

/// <summary>
/// Assembles a view from its sections: every service asked in parallel, the whole within the view's
/// deadline (the configured one or the caller's, whichever is earlier) and the caller's
/// cancellation. A section that fails or is late is MISSING with the reason; the view fails with
/// UNAVAILABLE only when no section could be filled.
/// </summary>
public sealed class ViewAssembler(IOptions<GatewayOptions> options)
{
    /// <summary>Fills <paramref name="view"/> from <paramref name="sections"/> for <paramref name="query"/>.</summary>
    public async Task<TView> AssembleAsync<TQuery, TView>(IEnumerable<IViewSection<TQuery, TView>> sections, TQuery query, TView view, ServerCallContext context)
        where TView : IMessage
    {
        var budget = options.Value.ViewDeadline;
        // Leave a little of the caller's deadline for the answer to travel back.
        var callerLeft = context.Deadline == DateTime.MaxValue ? budget : context.Deadline - DateTime.UtcNow - TimeSpan.FromMilliseconds(50);
        if (callerLeft < budget) budget = callerLeft > TimeSpan.Zero ? callerLeft : TimeSpan.Zero;

        using var viewDeadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        viewDeadline.CancelAfter(budget);
        var all = sections.ToList();
        var fetches = all.Select(s => Fetch(s, query, budget, viewDeadline.Token, context.CancellationToken)).ToList();
        var outcomes = await Task.WhenAll(fetches);
        context.CancellationToken.ThrowIfCancellationRequested();

        var filled = 0;
        for (var i = 0; i < all.Count; i++)
        {
            var (apply, reason) = outcomes[i];
            var status = new SectionStatus { Source = all[i].Service.GrpcService };
            if (apply is not null)
            {
                apply(view);
                status.State = SectionState.Ok;
                filled++;
            }
            else
            {
                status.State = SectionState.Missing;
                status.Reason = reason;
            }
            all[i].SetStatus(view, status);
        }
        if (filled == 0)
            throw RpcErrors.Unavailable("NO_SECTION_AVAILABLE", "No service of this view answered: " +
                string.Join("; ", all.Select((s, i) => $"{s.Service.Name}: {outcomes[i].Reason}")));
        return view;
    }

    private static async Task<(Action<TView>? Apply, string Reason)> Fetch<TQuery, TView>(
        IViewSection<TQuery, TView> section, TQuery query, TimeSpan budget, CancellationToken viewToken, CancellationToken callerToken)
        where TView : IMessage
    {
        try
        {
            // WaitAsync: a section that ignores its token still cannot hold the view past its deadline.
            return (await section.FetchAsync(query, viewToken).WaitAsync(viewToken), "");
        }
        catch (SectionMissingException ex)
        {
            return (null, ex.Message);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw; // an answer about the request, not an outage
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            return (null, $"DEADLINE_EXCEEDED: no answer within the view's deadline ({budget.TotalMilliseconds:0} ms)");
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && !callerToken.IsCancellationRequested)
        {
            return (null, $"DEADLINE_EXCEEDED: no answer within the view's deadline ({budget.TotalMilliseconds:0} ms)");
        }
    }
}
