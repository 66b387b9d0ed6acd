using Cica.Messaging;
using Cica.Persistence;
using Cica.ServiceDefaults.Endpoints;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;

namespace Cica.Platform;

/// <summary>Tells the operator, once the server listens, where it listens and where each service's data lives.</summary>
public static partial class StartupReport
{
    /// <summary>Logs the report when the application has started.</summary>
    public static void PrintWhenStarted(WebApplication app, PlatformModules modules) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cica.Platform");
            var endpoints = app.Services.GetRequiredService<ServedEndpoints>();
            var grpc = endpoints.Grpc.Count > 0 ? endpoints.Grpc.Select(a => a.ToString().TrimEnd('/'))
                : app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            LogListening(logger, string.Join(", ", modules.Names), string.Join(", ", grpc));
            if (endpoints.Rest.Count > 0)
                LogRest(logger, string.Join(", ", endpoints.Rest.Select(a => a.ToString().TrimEnd('/'))), RestJson.OpenApiPath);
            var portal = endpoints.Named(Cica.Portal.PortalModule.EndpointName);
            if (portal.Count > 0) LogPortal(logger, string.Join(", ", portal.Select(a => a.ToString().TrimEnd('/'))));
            foreach (var database in app.Services.GetServices<Database>())
                LogData(logger, database.Options.ServiceName, Describe(database.Options));
            var rabbitMq = app.Configuration[MessagingRegistration.RabbitMqKey];
            LogBus(logger, string.IsNullOrWhiteSpace(rabbitMq) ? "in-memory (this process only)" : "RabbitMQ at " + RabbitMqHost.Address(new Uri(rabbitMq)));
        });

    private static string Describe(DatabaseOptions options) => options.Provider == DatabaseProvider.Sqlite
        ? "SQLite file " + new SqliteConnectionStringBuilder(options.ConnectionString).DataSource
        : "SQL Server (ConnectionStrings:" + options.ServiceName + ")";

    [LoggerMessage(Level = LogLevel.Information, Message = "CICA Platform serving {Services} over gRPC (h2c) at {Addresses}")]
    private static partial void LogListening(ILogger logger, string services, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "REST/JSON (HTTP/1.1) at {Addresses}; OpenAPI at {OpenApi}, browsable at /swagger")]
    private static partial void LogRest(ILogger logger, string addresses, string openApi);

    [LoggerMessage(Level = LogLevel.Information, Message = "Coordinators' portal (web pages, HTTP/1.1) at {Addresses}")]
    private static partial void LogPortal(ILogger logger, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data of {Service}: {Location}")]
    private static partial void LogData(ILogger logger, string service, string location);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event bus: {Bus}")]
    private static partial void LogBus(ILogger logger, string bus);
}
