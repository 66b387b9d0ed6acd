using Cica.ServiceDefaults.Health;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Cica.Gateway.Downstream;

/// <summary>A section could not be filled, and why (becomes SectionStatus.reason).</summary>
public sealed class SectionMissingException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// Calls a downstream service through its typed client (Grpc.Net.ClientFactory), each attempt with
/// its own deadline, retried on UNAVAILABLE (Polly), within the view's cancellation.
/// </summary>
public sealed class Downstream(
    GrpcClientFactory clients,
    IOptions<GatewayOptions> options,
    IEnumerable<ReadinessRegistration> carried)
{
    private readonly HashSet<string> _carried = [.. carried.Select(r => r.GrpcService)];

    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable),
            MaxRetryAttempts = Math.Max(0, options.Value.Retries),
            Delay = TimeSpan.FromMilliseconds(50),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .AddTimeout(options.Value.CallTimeout)
        .Build();

    /// <summary>The address of a service this process carries: its requests never leave the process (<see cref="InProcessServer"/>).</summary>
    public static readonly Uri InProcessAddress = new("http://in-process/");

    /// <summary>Where <paramref name="service"/> is served: configured, this process, or nowhere (null).</summary>
    public Uri? AddressOf(DownstreamService service) =>
        Configured(service) ?? (_carried.Contains(service.GrpcService) ? InProcessAddress : null);

    /// <summary>Whether <paramref name="service"/> is carried by this process and no address is configured for it: called in memory.</summary>
    public bool InThisProcess(DownstreamService service) => Configured(service) is null && _carried.Contains(service.GrpcService);

    private Uri? Configured(DownstreamService service) =>
        options.Value.Services.TryGetValue(service.Name, out var configured) && !string.IsNullOrWhiteSpace(configured) ? new Uri(configured) : null;

    /// <summary>
    /// One call of <paramref name="service"/>'s client <typeparamref name="TClient"/>; a failure
    /// becomes a <see cref="SectionMissingException"/> saying why, except the answers NOT_FOUND and
    /// INVALID_ARGUMENT, which are answers and propagate.
    /// </summary>
    public async Task<T> CallAsync<TClient, T>(DownstreamService service, Func<TClient, CallOptions, AsyncUnaryCall<T>> call, CancellationToken ct)
        where TClient : class
    {
        if (AddressOf(service) is null) throw new SectionMissingException("service not deployed");
        var client = clients.CreateClient<TClient>(service.Name);
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                var deadline = DateTime.UtcNow + options.Value.CallTimeout;
                return await call(client, new CallOptions(deadline: deadline, cancellationToken: token));
            }, ct);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw;
        }
        catch (RpcException ex)
        {
            throw new SectionMissingException($"{StatusName(ex.StatusCode)}: {ex.Status.Detail}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SectionMissingException($"DEADLINE_EXCEEDED: no answer within {options.Value.CallTimeout.TotalMilliseconds:0} ms", ex);
        }
    }

    /// <summary>The canonical name of a status code (UNAVAILABLE, DEADLINE_EXCEEDED …).</summary>
    public static string StatusName(StatusCode code) => code switch
    {
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DataLoss => "DATA_LOSS",
        _ => code.ToString().ToUpperInvariant(),
    };
}
