using Cica.Testing;
using MethodDescriptor = Google.Protobuf.Reflection.MethodDescriptor;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Security.Tests;

/// <summary>Every gRPC method a platform host serves (its endpoints), with its descriptor from the contracts.</summary>
public static class ServedMethods
{
    private static readonly IReadOnlyDictionary<string, ServiceDescriptor> Known = typeof(Cica.Contracts.Membership.V1.MembershipService).Assembly.GetTypes()
        .Concat([typeof(Grpc.Health.V1.Health)])
        .Select(t => t.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null))
        .OfType<ServiceDescriptor>()
        .ToDictionary(d => d.FullName);

    /// <summary>The methods <paramref name="host"/> serves over gRPC (not the REST/JSON transcodings of them).</summary>
    public static IEnumerable<MethodDescriptor> Of(PlatformHost host) => host.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>())
        .OfType<GrpcMethodMetadata>()
        .Select(m => m.Method)
        .Where(m => Known.ContainsKey(m.ServiceName))
        .Select(m => Known[m.ServiceName].FindMethodByName(m.Name))
        .OfType<MethodDescriptor>()
        .DistinctBy(m => m.FullName);
}
