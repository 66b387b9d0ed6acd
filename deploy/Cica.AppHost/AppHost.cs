using System.Net;
using System.Net.Sockets;
using Cica.Platform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// The suite on one machine, as operations run it beyond one: every service of the platform's module
// catalog as a process of its own (the one Cica.Platform binary with Cica:Services), RabbitMQ, the
// topology step first, and the Aspire dashboard receiving their traces, metrics and logs over OTLP.
//   dotnet run --project deploy/Cica.AppHost        → dashboard at http://127.0.0.1:18888
var builder = DistributedApplication.CreateBuilder(args);
var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var data = Path.Combine(builder.AppHostDirectory, ".data");

var amqpPort = int.TryParse(builder.Configuration["RabbitMq:Port"], out var configured) ? configured : FreePort();
var rabbitUri = $"amqp://guest:guest@127.0.0.1:{amqpPort}/";
IResourceBuilder<IResourceWithWaitSupport> rabbit = UseContainer(builder.Configuration)
    ? (IResourceBuilder<IResourceWithWaitSupport>)builder.AddContainer("rabbitmq", "rabbitmq", "3.13-management")
        .WithEndpoint(port: amqpPort, targetPort: 5672, name: "amqp", scheme: "tcp")
        .WithHttpEndpoint(targetPort: 15672, name: "management")
    : builder.AddExecutable("rabbitmq", "bash", root, Path.Combine(root, "deploy", "scripts", "rabbitmq-local.sh"), amqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithEndpoint(port: amqpPort, name: "amqp", scheme: "tcp", isProxied: false);
builder.Services.AddHealthChecks().AddCheck("rabbitmq-amqp", () => PortOpen(amqpPort)
    ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
    : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy($"nothing listens on 127.0.0.1:{amqpPort} yet"));
rabbit.WithHealthCheck("rabbitmq-amqp");

// The platform binary the AppHost's build has just built (services/Cica.Platform, same configuration),
// run as it is deployed: `dotnet Cica.Platform.dll` with settings in the environment.
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;   // bin/<configuration>/net10.0/
var platformBin = Path.Combine(root, "services", "Cica.Platform", "bin", configuration, "net10.0");
// Every service connects as guest here, so each trusts guest as every other's publisher (README,
// "Broker trust": with a user per service, cica-<service>, as the test command's broker has them,
// no such setting is needed and a forged event is refused).
IResourceBuilder<ExecutableResource> Platform(string name, params string[] args)
{
    var process = builder.AddExecutable(name, "dotnet", platformBin, [Path.Combine(platformBin, "Cica.Platform.dll"), "--contentRoot=" + platformBin, .. args])
        .WithOtlpExporter()
        .WithEnvironment("Messaging__RabbitMq", rabbitUri)
        .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "1000")
        .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "5000")
        .WaitFor(rabbit);
    foreach (var publisher in PlatformModules.Services) process.WithEnvironment($"Messaging__Publishers__{publisher.Name}", "guest");
    return process;
}

// Exchanges, queues and bindings of every service, declared before any service publishes.
var topology = Platform("topology", "--Messaging:DeployTopologyOnly=true",
        "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0", "--Kestrel:Endpoints:Rest:Url=http://127.0.0.1:0",
        "--Persistence:DataDirectory=" + Path.Combine(data, "topology"));

foreach (var service in PlatformModules.Services)
{
    Directory.CreateDirectory(Path.Combine(data, service.Name));
    string grpcUrl = $"http://127.0.0.1:{service.GrpcPort}", restUrl = $"http://127.0.0.1:{service.RestPort}";
    var process = Platform(service.Name, "--Cica:Services=" + service.Name,
            "--Kestrel:Endpoints:Grpc:Url=" + grpcUrl, "--Kestrel:Endpoints:Rest:Url=" + restUrl,
            "--Persistence:DataDirectory=" + Path.Combine(data, service.Name))
        .WithHttpEndpoint(port: service.GrpcPort, name: "grpc", isProxied: false)
        .WithHttpEndpoint(port: service.RestPort, name: "rest", isProxied: false)
        .WaitForCompletion(topology);
    if (service.Name == "gateway")
        foreach (var other in PlatformModules.Services.Where(s => s.Name != "gateway"))
        {
            string key = $"Gateway__Services__{other.Name}", address = $"http://127.0.0.1:{other.GrpcPort}";
            process.WithEnvironment(key, address);
        }
    if (service.Name == "portal")   // the portal calls only the gateway, which forwards the services' RPCs
    {
        string gateway = "http://127.0.0.1:" + PlatformModules.Services.Single(s => s.Name == "gateway").GrpcPort;
        process.WithEnvironment("Portal__Services__gateway", gateway);
    }
}

builder.Build().Run();

// A container where Docker is (or when RabbitMq:Container=true), Debian's rabbitmq-server otherwise.
static bool UseContainer(IConfiguration configuration) =>
    bool.TryParse(configuration["RabbitMq:Container"], out var container) ? container : File.Exists("/var/run/docker.sock");

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static bool PortOpen(int port)
{
    try
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        return true;
    }
    catch (SocketException)
    {
        return false;
    }
}
