using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cica.Messaging;

/// <summary>
/// With <c>Messaging:DeployTopologyOnly=true</c>: once the bus has declared every exchange, queue and
/// binding of the services this process carries (it consumes and publishes nothing), stops the
/// process with exit code 0 (1 if the broker could not be reached in time).
/// </summary>
internal sealed partial class TopologyDeployment(IBusControl bus, IHostApplicationLifetime lifetime, ILogger<TopologyDeployment> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var health = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
            if (health != BusHealthStatus.Healthy) throw new TimeoutException($"the bus is {health} after 60 s");
            LogDeployed(logger);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
            Environment.ExitCode = 1;
        }
        // Stop only once the host has started: stopping while Kestrel still binds cancels its start
        // and the process would crash instead of exiting with the code set above.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Topology deployed: every exchange, queue and binding of this process's services is declared; exiting")]
    private static partial void LogDeployed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Topology deployment failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
