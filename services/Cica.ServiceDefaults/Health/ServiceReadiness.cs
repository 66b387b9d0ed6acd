using System.Collections.Concurrent;
using Cica.ServiceDefaults.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cica.ServiceDefaults.Health;

/// <summary>A gRPC service and the task that completes when it is ready to serve.</summary>
public sealed record ReadinessRegistration(string GrpcService, Func<IServiceProvider, Task> Ready);

/// <summary>
/// Which gRPC services are ready to serve: a service's calls are refused with UNAVAILABLE until its
/// database is migrated and seeded, and its grpc.health.v1 status reads NOT_SERVING meanwhile.
/// </summary>
public sealed class ServiceReadiness(IEnumerable<ReadinessRegistration> registrations, IServiceProvider services)
{
    private readonly Dictionary<string, Func<IServiceProvider, Task>> _ready =
        registrations.ToDictionary(r => r.GrpcService, r => r.Ready, StringComparer.Ordinal);

    // Methods whose service was seen ready: a completed task stays completed, so calls stop asking
    // (splitting the method name and asking the database on every call cost ~2% of a read under load).
    private readonly ConcurrentDictionary<string, bool> _readyMethods = new(StringComparer.Ordinal);

    /// <summary>True when the service is ready (or has no readiness condition).</summary>
    public bool IsReady(string grpcService) =>
        !_ready.TryGetValue(grpcService, out var ready) || ready(services).IsCompletedSuccessfully;

    /// <summary>True when the service of <paramref name="method"/> ("/package.Service/Method") is ready.</summary>
    public bool IsReadyFor(string method)
    {
        if (_readyMethods.ContainsKey(method)) return true;
        if (!IsReady(ServiceOf(method))) return false;
        _readyMethods.TryAdd(method, true);
        return true;
    }

    /// <summary>The service of a method name "/package.Service/Method".</summary>
    public static string ServiceOf(string method) => method.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
}

/// <summary>Refuses calls to a service that is not ready yet.</summary>
public sealed class ReadinessInterceptor(ServiceReadiness readiness) : Interceptor
{
    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!readiness.IsReadyFor(context.Method))
            throw RpcErrors.Unavailable("STARTING", $"{ServiceReadiness.ServiceOf(context.Method)} is starting (migrating its database); retry shortly.");
        return continuation(request, context);
    }
}

/// <summary>The health of one gRPC service: healthy once it is ready.</summary>
public sealed class ReadinessHealthCheck(ServiceReadiness readiness, string grpcService) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady(grpcService)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{grpcService} is starting"));
}
