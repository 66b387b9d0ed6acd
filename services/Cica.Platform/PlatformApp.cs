using Cica.Messaging;
using Cica.Messaging.Trust;
using Cica.ServiceDefaults;
using Cica.ServiceDefaults.Security;
using Cica.ServiceKit.Audit;

namespace Cica.Platform;

/// <summary>
/// The platform application, built from command-line arguments and configuration. Program runs it;
/// end-to-end tests start it on a loopback port of their choosing.
/// </summary>
public static class PlatformApp
{
    /// <summary>
    /// Builds the application (not yet started). <paramref name="overrideServices"/> runs last, before
    /// the build, so that a test can replace a registration (e.g. the TimeProvider with a fake clock).
    /// </summary>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? overrideServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var modules = PlatformModules.Selected(builder.Configuration);   // which services this process carries
        RequireBrokerWhenSplit(modules, builder.Configuration);

        builder.AddServiceDefaults(modules.TelemetryName);               // telemetry, gRPC, health, reflection, callers
        modules.AddTo(builder);                                          // each service's storage, rules and consumers
        builder.Services.AddSingleton(EventOwnership.FromConfiguration(  // who may publish which event (RabbitMQ's user_id)
            builder.Configuration, PlatformModules.EventOwners, modules.Names));
        builder.Services.AddSingleton(PlatformModules.Consumers);        // every consumer queue of the platform, per event type
        builder.AddMessaging();                                          // one bus for all of them, after their consumers
        builder.AddRestJson();                                           // JSON transcoding + OpenAPI of the annotated methods
        builder.Services.UseSafeRequestParsing();                        // unparseable requests: INVALID_ARGUMENT (after every AddGrpc)

        overrideServices?.Invoke(builder.Services);                      // tests only: the last registration wins
        var app = builder.Build();
        app.UseRestJson();                                               // the OpenAPI document and page: public
        app.UsePlatformSecurity();                                       // authentication, rate limit, authenticated callers only
        app.MapDefaultEndpoints();
        modules.MapTo(app);
        app.MapAuditTrail();                                             // the Secretariat reads each carried service's audit trail
        StartupReport.PrintWhenStarted(app, modules);                    // where it listens, where the data lives
        return app;
    }

    // The in-memory bus reaches only this process: services split across processes would publish
    // their events to nobody, and the outbox would count them as delivered.
    private static void RequireBrokerWhenSplit(PlatformModules modules, IConfiguration configuration)
    {
        if (modules.CarriesAll || !string.IsNullOrWhiteSpace(configuration[MessagingRegistration.RabbitMqKey])) return;
        throw new InvalidOperationException(
            $"Cica:Services names only {string.Join(", ", modules.Names)}, but {MessagingRegistration.RabbitMqKey} is not set: " +
            "services in separate processes exchange events only through RabbitMQ. Set it, or run every service in one process.");
    }
}
