using System.Reflection;
using Cica.Contracts.Common.V1;
using Cica.Messaging.Outbox;
using Cica.Messaging.Serialization;
using Cica.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
    public static IServiceCollection AddConsumers(this IServiceCollection services, Action<IBusRegistrationConfigurator> register) =>
        services.AddSingleton(new ConsumerRegistration(register));

    /// <summary>Adds the bus with every consumer the services registered. Call after adding the services.</summary>
    public static WebApplicationBuilder AddMessaging(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var messageTypes = ProtobufMessageTypes.FromAssemblies(typeof(LocalizedText).Assembly);
        services.AddSingleton(messageTypes);
        services.AddSingleton<IEventPublisher, MassTransitEventPublisher>();
        services.AddOptions<OutboxOptions>()
            .Bind(builder.Configuration.GetSection("Messaging:Outbox"))
            .Validate(o => o.BatchSize is > 0 and <= 10_000, "Messaging:Outbox:BatchSize must be between 1 and 10000.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.PublishTimeout > TimeSpan.Zero && o.MaxRetryDelay > TimeSpan.Zero,
                "Messaging:Outbox:PollInterval, PublishTimeout and MaxRetryDelay must be positive durations (e.g. 00:00:05).")
            .ValidateOnStart();

        var registrations = services.Where(d => d.ServiceType == typeof(ConsumerRegistration))
            .Select(d => (ConsumerRegistration)d.ImplementationInstance!).ToList();
        var rabbitMq = builder.Configuration[RabbitMqKey];

        services.AddMassTransit(bus =>
        {
            foreach (var registration in registrations) registration.Register(bus);

            if (string.IsNullOrWhiteSpace(rabbitMq))
            {
                bus.UsingInMemory((context, cfg) => ConfigureBus(context, cfg, messageTypes));
            }
            else
            {
                var uri = new Uri(rabbitMq);
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(RabbitMqHost.Address(uri), RabbitMqHost.Configure(uri));
                    ConfigureBus(context, cfg, messageTypes);
                });
            }
        });
        return builder;
    }

    private static void ConfigureBus<TEndpoint>(IBusRegistrationContext context, IBusFactoryConfigurator<TEndpoint> cfg, ProtobufMessageTypes messageTypes)
        where TEndpoint : IReceiveEndpointConfigurator
    {
        cfg.UseProtobufSerializer(messageTypes);
        // In-process retries only: the delayed-exchange plugin that delayed redelivery needs is not
        // available. A message that still fails lands in the queue's _error queue, not lost.
        cfg.UseMessageRetry(r => r.Intervals(100, 500, 2000, 5000));
        cfg.ConfigureEndpoints(context);
    }

    /// <summary>A service's consumer registrations.</summary>
    public sealed record ConsumerRegistration(Action<IBusRegistrationConfigurator> Register);
}
