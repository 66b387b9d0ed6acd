using Cica.Testing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Cica.Platform.Tests;

/// <summary>
/// deploy/ stays in step with the platform's module catalog (PlatformModules): every service the
/// binary can carry has its compose entry and Kubernetes manifests, on the catalog's ports, with gRPC
/// health checks, and the topology step runs before it. A service added to the catalog fails these
/// until its deploy entries exist (deploy/k8s/render-service.sh writes the manifests).
/// </summary>
public sealed class PlatformCatalogTests
{
    private static readonly string Deploy = Path.Combine(Repository.Root, "deploy");

    public static TheoryData<string> Services() => [.. PlatformModules.Services.Select(s => s.Name)];

    private static DeployedService Service(string name) => PlatformModules.Services.Single(s => s.Name == name);

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_has_a_compose_entry_on_its_ports_with_a_grpc_health_check_after_the_topology_step(string name)
    {
        var service = Service(name);
        var compose = Map(LoadYaml(Path.Combine(Deploy, "compose", "compose.yaml")).Single());
        var entry = Map(Map(compose["services"])[name]);
        var env = Map(entry["environment"]);

        Assert.Equal(name, Text(env["Cica__Services"]));
        Assert.Equal($"http://0.0.0.0:{service.GrpcPort}", Text(env["Kestrel__Endpoints__Grpc__Url"]));
        Assert.Equal($"http://0.0.0.0:{service.RestPort}", Text(env["Kestrel__Endpoints__Rest__Url"]));
        Assert.Contains($"ConnectionStrings__{name}", env.Keys);
        Assert.Contains($"{service.GrpcPort}:{service.GrpcPort}", List(entry["ports"]).Select(Text));
        Assert.Equal(["CMD", "grpc_health_probe", $"-addr=127.0.0.1:{service.GrpcPort}"], List(Map(entry["healthcheck"])["test"]).Select(Text));
        Assert.Equal("service_completed_successfully", Text(Map(Map(entry["depends_on"])["topology"])["condition"]));
        Assert.Contains($"cica_{name}", Text(List(Map(Map(compose["services"])["db-init"])["command"]).Single()));
        if (name != "gateway")
            Assert.Equal($"http://{name}:{service.GrpcPort}", Text(Map(Map(Map(compose["services"])["gateway"])["environment"])[$"Gateway__Services__{name}"]));
    }

    [Fact]
    public void Compose_declares_the_topology_before_anything_and_runs_the_broker_sql_server_and_a_trace_dashboard()
    {
        var services = Map(Map(LoadYaml(Path.Combine(Deploy, "compose", "compose.yaml")).Single())["services"]);
        Assert.Contains("--Messaging:DeployTopologyOnly=true", List(Map(services["topology"])["command"]).Select(Text));
        Assert.Contains("management", Text(Map(services["rabbitmq"])["image"]));
        Assert.Contains("mssql", Text(Map(services["sqlserver"])["image"]));
        Assert.Contains("dashboard", Text(Map(services["dashboard"])["image"]));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_has_a_deployment_with_grpc_probes_and_a_service_on_its_ports(string name)
    {
        var service = Service(name);
        var docs = LoadYaml(Path.Combine(Deploy, "k8s", name + ".yaml")).Select(Map).ToList();
        var deployment = docs.Single(d => Text(d["kind"]) == "Deployment");
        var pod = Map(Map(Map(deployment["spec"])["template"])["spec"]);
        var container = Map(List(pod["containers"]).Single());
        var env = List(container["env"]).Select(Map).ToDictionary(e => Text(e["name"]), e => e);

        Assert.Equal(name, Text(env["Cica__Services"]["value"]));
        Assert.Equal($"http://0.0.0.0:{service.GrpcPort}", Text(env["Kestrel__Endpoints__Grpc__Url"]["value"]));
        Assert.Equal(name, Text(Map(Map(env[$"ConnectionStrings__{name}"]["valueFrom"])["secretKeyRef"])["key"]));
        var ports = List(container["ports"]).Select(Map).ToDictionary(p => Text(p["name"]), p => Text(p["containerPort"]));
        Assert.Equal(service.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ports["grpc"]);
        Assert.Equal(service.RestPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ports["rest"]);
        foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            Assert.Equal(service.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(Map(Map(container[probe])["grpc"])["port"]));
        // Its topology is declared before it starts.
        var init = Map(List(pod["initContainers"]).Single());
        Assert.Contains("--Messaging:DeployTopologyOnly=true", List(init["args"]).Select(Text));
        Assert.Contains($"--Cica:Services={name}", List(init["args"]).Select(Text));

        var k8sService = docs.Single(d => Text(d["kind"]) == "Service");
        Assert.Equal(name, Text(Map(k8sService["metadata"])["name"]));
        Assert.Contains(List(Map(k8sService["spec"])["ports"]).Select(Map), p => Text(p["port"]) == service.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Kubernetes_scales_the_stateless_gateway_runs_the_topology_job_and_keeps_events_in_quorum_queues_of_a_rabbitmq_cluster()
    {
        var gateway = LoadYaml(Path.Combine(Deploy, "k8s", "gateway.yaml")).Select(Map).ToList();
        var hpa = gateway.Single(d => Text(d["kind"]) == "HorizontalPodAutoscaler");
        Assert.Equal("cica-gateway", Text(Map(Map(hpa["spec"])["scaleTargetRef"])["name"]));

        var platform = LoadYaml(Path.Combine(Deploy, "k8s", "platform.yaml")).Select(Map).ToList();
        var job = platform.Single(d => Text(d["kind"]) == "Job");
        var args = List(Map(List(Map(Map(Map(job["spec"])["template"])["spec"])["containers"]).Single())["args"]).Select(Text);
        Assert.Contains("--Messaging:DeployTopologyOnly=true", args);
        foreach (var other in PlatformModules.Services.Where(s => s.Name != "gateway"))
            Assert.Contains($"Gateway__Services__{other.Name}", Map(platform.Single(d => Text(d["kind"]) == "ConfigMap")["data"]).Keys);

        var rabbit = LoadYaml(Path.Combine(Deploy, "k8s", "rabbitmq.yaml")).Select(Map).ToList();
        var cluster = rabbit.Single(d => Text(d["kind"]) == "RabbitmqCluster");
        Assert.Equal("3", Text(Map(cluster["spec"])["replicas"]));
        Assert.Equal("quorum", Text(Map(rabbit.Single(d => Text(d["kind"]) == "Vhost")["spec"])["defaultQueueType"]));
    }

    [Fact]
    public void One_image_serves_every_service()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "docker", "Dockerfile"));
        Assert.Contains("services/Cica.Platform/Cica.Platform.csproj", dockerfile, StringComparison.Ordinal);
        var exposed = dockerfile.Split('\n').Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Split(' ').Skip(1).ToHashSet();
        foreach (var service in PlatformModules.Services)
        {
            Assert.Contains(service.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), exposed);
            Assert.Contains(service.RestPort.ToString(System.Globalization.CultureInfo.InvariantCulture), exposed);
        }
    }

    // YAML documents as dictionaries and lists (merge keys « <<: » resolved, as compose does).
    private static List<object> LoadYaml(string path)
    {
        using var reader = new StreamReader(path);
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        var docs = new List<object>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var doc = deserializer.Deserialize<object>(parser);
            if (doc is not null) docs.Add(doc);
        }
        return docs;
    }

    private static Dictionary<string, object?> Map(object? node) =>
        Assert.IsType<Dictionary<object, object?>>(node, exactMatch: false).ToDictionary(kv => Text(kv.Key), kv => kv.Value);

    private static List<object?> List(object? node) => [.. Assert.IsType<List<object?>>(node, exactMatch: false)];

    private static string Text(object? node) => Assert.IsType<string>(node);
}
