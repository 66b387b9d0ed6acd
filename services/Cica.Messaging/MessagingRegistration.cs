using System.Reflection;
using Cica.Contracts.Common.V1;
using Cica.Messaging.Consumers;
using Cica.Messaging.Outbox;
using Cica.Messaging.Serialization;
using Cica.Messaging.Trust;
using Cica.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MassTransit.Middleware;

namespace Cica.Messaging;

/// <summary>
/// The host's message bus: RabbitMQ when <c>Messaging:RabbitMq</c> (an amqp:// URI) is configured,
/// MassTransit's in-memory transport otherwise; protobuf on the wire either way. Services add their
/// consumers and outbox relays; the host adds the bus once, after its services.
/// </summary>
public static class MessagingRegistration
{
    /// <summary>Configuration key of the RabbitMQ URI, e.g. amqp://guest:guest@127.0.0.1:5672/.</summary>
    public const string RabbitMqKey = "Messaging:RabbitMq";

    /// <summary>The outbox and inbox tables, for <see cref="PersistenceRegistration.AddDatabase{TDatabase}"/>.</summary>
    public static (Assembly Assembly, string Module) Migrations => (typeof(MessagingRegistration).Assembly, "messaging");

    /// <summary>Publishes <typeparamref name="TDatabase"/>'s outbox.</summary>
    public static IServiceCollection AddOutboxRelay<TDatabase>(this IServiceCollection services) where TDatabase : Database =>
        services.AddHostedService<OutboxRelay<TDatabase>>();

    /// <summary>Registers a service's consumers (each with its own queue name) for the host's bus.</summary>
    /// <remarks>Prefer <see cref="AddConsumer{TConsumer}"/>: consumers added here are not in the <see cref="ConsumerCatalog"/>.</remarks>
    public static IServiceCollection AddConsumers(this IServiceCollection services, Action<IBusRegistrationConfigurator> register) =>
        services.AddSingleton(new ConsumerRegistration(register));

    /// <summary>
    /// Registers <typeparamref name="TConsumer"/> on its own queue <paramref name="queue"/> (at most
    /// <paramref name="concurrency"/> messages at a time when given), and enters it in the
    /// <see cref="ConsumerCatalog"/>, so that producers wait for the queue after a broker lost its data.
    /// </summary>
    public static IServiceCollection AddConsumer<TConsumer>(this IServiceCollection services, string queue, int? concurrency = null)
        where TConsumer : class, IConsumer =>
        services.AddSingleton(new ConsumerRegistration(bus => bus.AddConsumer<TConsumer>().Endpoint(e =>
        {
            e.Name = queue;
            if (concurrency is { } limit) e.ConcurrentMessageLimit = limit;
        }), queue, typeof(TConsumer)));

    /// <summary>Adds the bus with every consumer the services registered. Call after adding the services.</summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var messageTypes = ProtobufMessageTypes.FromAssemblies(typeof(LocalizedText).Assembly);
        services.AddSingleton(messageTypes);
        var rabbitMq = builder.Configuration[RabbitMqKey];
        // On RabbitMQ the relay publishes through RabbitMQ.Client directly (MassTransit's publish path
        // was its ceiling); consumers, and the in-memory bus, stay on MassTransit.
        if (string.IsNullOrWhiteSpace(rabbitMq))
            services.AddSingleton<IEventPublisher, MassTransitEventPublisher>();
        else
            services.AddSingleton<IEventPublisher>(sp => ActivatorUtilities.CreateInstance<RabbitMqEventPublisher>(sp, new Uri(rabbitMq)));
        var brokerUser = string.IsNullOrWhiteSpace(rabbitMq) ? null : RabbitMqHost.User(new Uri(rabbitMq));
        if (brokerUser is not null) services.AddSingleton(_ => new BrokerProbe(new Uri(rabbitMq!))); // disposed with the host
        services.AddSingleton(new BusKind(brokerUser is null, brokerUser));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OutboxMonitor>();
        services.AddHealthChecks().AddCheck<OutboxMonitor>("outbox");
        services.AddOptions<MessagingOptions>().Bind(builder.Configuration.GetSection("Messaging"));
        services.AddOptions<Retention.RetentionOptions>().Bind(builder.Configuration.GetSection("Messaging:Retention"))
            .Validate(o => o.Period > TimeSpan.Zero && o.Interval > TimeSpan.Zero && o.BatchSize is > 0 and <= 10_000,
                "Messaging:Retention:Period and Interval must be positive, BatchSize between 1 and 10000.")
            .ValidateOnStart();
        services.AddSingleton<Retention.RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<Retention.RetentionService>());
        var messaging = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        services.AddOptions<OutboxOptions>()
            .Bind(builder.Configuration.GetSection("Messaging:Outbox"))
            .Validate(o => o.BatchSize is > 0 and <= 2_000, "Messaging:Outbox:BatchSize must be between 1 and 2000.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PublishTimeout > TimeSpan.Zero && o.MaxRetryDelay > TimeSpan.Zero,
                "Messaging:Outbox:PollInterval, PublishTimeout and MaxRetryDelay must be positive durations (e.g. 00:00:05).")
            .Validate(o => o.LeaseDuration > o.PublishTimeout, "Messaging:Outbox:LeaseDuration must be longer than PublishTimeout.")
            .Validate(o => o.MaxAttempts > 0, "Messaging:Outbox:MaxAttempts must be at least 1.")
            .ValidateOnStart();

        var registrations = services.Where(d => d.ServiceType == typeof(ConsumerRegistration))
            .Select(d => (ConsumerRegistration)d.ImplementationInstance!).ToList();
        // The platform registers the catalog of every module it can carry; a host that does not gets its own consumers'.
        services.TryAddSingleton(ConsumerCatalog.From(registrations));

        services.AddMassTransit(bus =>
        {
            foreach (var registration in registrations) registration.Register(bus);

            if (string.IsNullOrWhiteSpace(rabbitMq))
            {
                bus.UsingInMemory((context, cfg) => ConfigureBus(context, cfg, messageTypes, messaging));
            }
            else
            {
                var uri = new Uri(rabbitMq);
                // The broker is part of the trust boundary: a queue's dead letters are dropped and its
                // failures moved without the publisher's user_id (Trust/), and every delivery is checked
                // against the event's owner before a consumer sees it.
                bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
                {
                    var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger("Cica.Messaging.Trust");
                    endpoint.ConfigureDeadLetter(x => x.UseFilter(new SkippedMessageFilter(logger)));
                    endpoint.ConfigureError(x =>
                    {
                        x.UseFilter(new GenerateFaultFilter());
                        x.UseFilter(new ErrorQueueMove());
                    });
                });
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(RabbitMqHost.Address(uri), RabbitMqHost.Configure(uri));
                    // The process's temporary endpoint, named after its user (whose permissions allow it).
                    cfg.OverrideDefaultBusEndpointQueueName($"{brokerUser}-bus-{Guid.NewGuid():N}");
                    var ownership = context.GetService<EventOwnership>() ?? new EventOwnership(new Dictionary<string, string>(), []);
                    cfg.UseFilter(new PublisherCheckFilter(ownership, brokerUser!,
                        context.GetRequiredService<ILoggerFactory>().CreateLogger("Cica.Messaging.Trust")));
                    // Topology first: each service declares its queues and bindings (ConfigureEndpoints)
                    // and the exchanges of every event type at start; with DeployTopologyOnly it does
                    // only that, consumes nothing, and the process exits (TopologyDeployment).
                    cfg.DeployPublishTopology = true;
                    cfg.DeployTopologyOnly = messaging.DeployTopologyOnly;
                    cfg.PrefetchCount = messaging.PrefetchCount;
                    ConfigureBus(context, cfg, messageTypes, messaging);
                });
            }
        });
        if (messaging.DeployTopologyOnly)
        {
            if (string.IsNullOrWhiteSpace(rabbitMq))
                throw new InvalidOperationException($"Messaging:DeployTopologyOnly declares the topology on RabbitMQ: set {RabbitMqKey}.");
            services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
            services.AddHostedService<TopologyDeployment>();
        }
        return builder;
    }

    /// <summary>Event contracts: messages declared in a package's events.proto.</summary>
    internal static bool IsEvent(Google.Protobuf.Reflection.MessageDescriptor descriptor) =>
        descriptor.File.Name.EndsWith("events.proto", StringComparison.Ordinal) && descriptor.ContainingType is null;

    private static void ConfigureBus<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg, ProtobufMessageTypes messageTypes, MessagingOptions messaging)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        cfg.UseProtobufSerializer(messageTypes);
        // Every event type's exchange is part of the publish topology (declared at start with
        // DeployPublishTopology); after UseProtobufSerializer, which names exchanges.
        foreach (var descriptor in messageTypes.Descriptors.Where(IsEvent))
            cfg.PublishTopology.GetMessageTopology(descriptor.ClrType);
        // In-process retries only: the delayed-exchange plugin that delayed redelivery needs is not
        // available. A message that still fails lands in the queue's _error queue, not lost.
        cfg.UseMessageRetry(r => r.Intervals(100, 500, 2000, 5000));
        cfg.ConfigureEndpoints(context);
    }

    /// <summary>A service's consumer registrations; with its queue and consumer class when it is one consumer (for the catalog).</summary>
    public sealed record ConsumerRegistration(Action<IBusRegistrationConfigurator> Register, string? Queue = null, Type? ConsumerType = null);
}
