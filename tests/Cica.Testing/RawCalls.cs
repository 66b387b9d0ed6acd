using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Cica.Testing;

/// <summary>
/// Calls of any method by its descriptor with raw request bytes (a byte[] marshaller): how a test
/// sends what no generated client would (truncated messages, bad wire types, invalid UTF-8), and
/// walks every method of every service without a client type per service.
/// </summary>
public static class RawCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>The outcome of one call: its status, and the first response's bytes when there was one.</summary>
    public sealed record Outcome(Status Status, byte[]? Response, Metadata Trailers);

    /// <summary>
    /// Calls <paramref name="method"/> with <paramref name="request"/>'s bytes; a server-streaming method
    /// is read up to its first message (then cancelled: OK). Never throws for a status.
    /// </summary>
    public static async Task<Outcome> CallAsync(CallInvoker invoker, MethodDescriptor method, byte[] request, Metadata? headers = null, TimeSpan? deadline = null)
    {
        var options = new CallOptions(headers, DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(10)));
        if (method.IsServerStreaming)
        {
            var definition = new Method<byte[], byte[]>(MethodType.ServerStreaming, method.Service.FullName, method.Name, Bytes, Bytes);
            using var call = invoker.AsyncServerStreamingCall(definition, null, options, request);
            try
            {
                if (await call.ResponseStream.MoveNext(CancellationToken.None))
                    return new Outcome(Status.DefaultSuccess, call.ResponseStream.Current, []);
                return new Outcome(call.GetStatus(), null, call.GetTrailers());
            }
            catch (RpcException ex)
            {
                return new Outcome(ex.Status, null, ex.Trailers);
            }
        }
        var unary = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Bytes, Bytes);
        using var unaryCall = invoker.AsyncUnaryCall(unary, null, options, request);
        try
        {
            var response = await unaryCall.ResponseAsync;
            return new Outcome(Status.DefaultSuccess, response, unaryCall.GetTrailers());
        }
        catch (RpcException ex)
        {
            return new Outcome(ex.Status, null, ex.Trailers);
        }
    }

    /// <summary>Calls <paramref name="method"/> with <paramref name="request"/>.</summary>
    public static Task<Outcome> CallAsync(CallInvoker invoker, MethodDescriptor method, IMessage request, Metadata? headers = null, TimeSpan? deadline = null) =>
        CallAsync(invoker, method, request.ToByteArray(), headers, deadline);
}
