namespace Cica.Messaging;

/// <summary>Settings of the bus (configuration section "Messaging").</summary>
public sealed class MessagingOptions
{
    /// <summary>
    /// A deployment step: declare every exchange, queue and binding of the services this process
    /// carries on RabbitMQ, publish and consume nothing, and exit.
    /// </summary>
    public bool DeployTopologyOnly { get; set; }

    /// <summary>Messages each consumer's queue lets the process hold unacknowledged (RabbitMQ prefetch).</summary>
    public int PrefetchCount { get; set; } = 16;
}
