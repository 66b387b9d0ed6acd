using System.Reflection;
using Cica.ServiceDefaults.Errors;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// A request the server cannot parse (truncated, a bad wire type, invalid UTF-8) is INVALID_ARGUMENT
/// with one short warning, not UNKNOWN "Exception was thrown by handler" with a stack trace: grpc-dotnet
/// deserializes before any interceptor runs, so every method is bound here with a request marshaller
/// that turns a parse failure into that status. Replaces grpc-dotnet's own binder (same endpoints,
/// same metadata); call <see cref="UseSafeRequestParsing"/> after every AddGrpc.
/// </summary>
public static partial class SafeRequestParsing
{
    /// <summary>Binds every gRPC service through <see cref="SafeParsingMethodProvider{TService}"/> instead of grpc-dotnet's binder.</summary>
    public static IServiceCollection UseSafeRequestParsing(this IServiceCollection services)
    {
        var defaults = services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>)
            && d.ImplementationType is { Name: var name } && name.StartsWith("BinderServiceMethodProvider", StringComparison.Ordinal)).ToList();
        foreach (var descriptor in defaults) services.Remove(descriptor);
        if (!services.Any(d => d.ImplementationType == typeof(SafeParsingMethodProvider<>)))
            services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(SafeParsingMethodProvider<>));
        return services;
    }

    /// <summary>The request marshaller of <paramref name="method"/>, failing with INVALID_ARGUMENT instead of throwing.</summary>
    internal static Marshaller<T> Guard<T>(Marshaller<T> inner, string method, ILogger logger) => new(inner.ContextualSerializer, context =>
    {
        try
        {
            return inner.ContextualDeserializer(context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            LogUnparseable(logger, method, ex.GetType().Name, CallerClaims.Bounded(ex.Message, 120));
            throw RpcErrors.MalformedRequest();
        }
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unparseable request to {Method}: {Error}: {Reason}")]
    private static partial void LogUnparseable(ILogger logger, string method, string error, string reason);
}

/// <summary>Binds <typeparamref name="TService"/>'s methods (as grpc-dotnet does) with guarded request marshallers.</summary>
public sealed class SafeParsingMethodProvider<TService>(ILoggerFactory loggers) : IServiceMethodProvider<TService> where TService : class
{
    private readonly ILogger _logger = loggers.CreateLogger("Cica.Security.Parsing");

    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = FindBindMethod(typeof(TService));
        if (bind is null) return; // not a generated service: nothing to bind (grpc-dotnet would log and skip too)
        bind.Invoke(null, [new Binder(context, _logger), null]);
    }

    private static MethodInfo? FindBindMethod(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var attribute = t.GetCustomAttribute<BindServiceMethodAttribute>();
            if (attribute is null) continue;
            return attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .FirstOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is [var p0, _] && p0.ParameterType == typeof(ServiceBinderBase));
        }
        return null;
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, ILogger logger) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<Grpc.AspNetCore.Server.Model.UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, [typeof(TRequest), typeof(ServerCallContext)]);
            context.AddUnaryMethod(Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<Grpc.AspNetCore.Server.Model.ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                [typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddServerStreamingMethod(Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<Grpc.AspNetCore.Server.Model.ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                [typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext)]);
            context.AddClientStreamingMethod(Guarded(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Model<Grpc.AspNetCore.Server.Model.DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                [typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext)]);
            context.AddDuplexStreamingMethod(Guarded(method), metadata, invoker);
        }

        private Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method) where TRequest : class where TResponse : class =>
            new(method.Type, method.ServiceName, method.Name, SafeRequestParsing.Guard(method.RequestMarshaller, method.FullName, logger), method.ResponseMarshaller);

        // As grpc-dotnet's own binder: the service's method of that name, as an open-instance delegate,
        // with the service's and the method's attributes as endpoint metadata (authorization included).
        private static (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, Type[] parameters) where TDelegate : Delegate
        {
            var handler = FindHandler(typeof(TService), name, parameters)
                ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var invoker = (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler);
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return (invoker, metadata);
        }

        private static MethodInfo? FindHandler(Type type, string name, Type[] parameters)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                var method = t.GetMethod(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly, null, parameters, null);
                if (method is not null) return method;
            }
            return null;
        }
    }
}
