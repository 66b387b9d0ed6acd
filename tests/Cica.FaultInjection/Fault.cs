using Cica.Testing;
using Grpc.Net.Client;

namespace Cica.FaultInjection;

/// <summary>
/// A fault injected into a running suite during the stream: <see cref="Inject"/> does it and returns
/// once the component is back (what it observed goes into the notes); <see cref="Prepare"/> may
/// change the producers before the stream starts, <see cref="Cleanup"/> undo it after.
/// </summary>
public sealed record Fault(string Key, string Title, bool OneProcess, Func<Suite, FaultContext, Task> Inject)
{
    /// <summary>Runs before the stream; may add producers (another instance).</summary>
    public Func<Suite, FaultContext, Task>? Prepare { get; init; }

    /// <summary>Runs after the figures are read.</summary>
    public Func<Suite, FaultContext, Task>? Cleanup { get; init; }
}

/// <summary>What a fault shares with the run: the producers the driver writes to, and its notes.</summary>
public sealed class FaultContext(Suite suite, Action<string> log)
{
    /// <summary>Progress, on the command's log.</summary>
    public void Log(string line) => log("    " + line);

    /// <summary>The Membership instances the driver alternates between.</summary>
    public List<Func<GrpcChannel>> Producers { get; } = [() => suite.ChannelTo(suite.AddressOf(Suite.Membership))];

    /// <summary>Processes started by <see cref="Fault.Prepare"/>, stopped by <see cref="Fault.Cleanup"/>.</summary>
    public List<PlatformProcess> Extra { get; } = [];

    /// <summary>What the fault observed (e.g. rows in the outbox at the kill).</summary>
    public List<string> Notes { get; } = [];
}
