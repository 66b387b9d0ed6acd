namespace Cica.Messaging.Tests;

/// <summary>Tests that use the test run's RabbitMQ, some stopping it: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "RabbitMQ broker";
}
