using System.Text.RegularExpressions;
using Cica.Gateway;
using Google.Api;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Google.Protobuf.Reflection;
using Microsoft.OpenApi.Models;

namespace Cica.Platform;

/// <summary>
/// REST/JSON for clients without gRPC: gRPC JSON transcoding of the methods annotated with
/// google.api.http (the gateway's and the services' reads), an OpenAPI document of them at
/// /swagger/v1/swagger.json and a browsable page at /swagger. Served on every endpoint; the REST
/// endpoint (Kestrel:Endpoints:Rest, HTTP/1.1) is the one plain HTTP clients and browsers reach.
/// </summary>
public static partial class RestJson
{
    /// <summary>Path of the OpenAPI document.</summary>
    public const string OpenApiPath = "/swagger/v1/swagger.json";

    /// <summary>Adds transcoding (knowing every event type, for the feed's google.protobuf.Any) and the OpenAPI generator.</summary>
    public static WebApplicationBuilder AddRestJson(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc().AddJsonTranscoding(o => o.TypeRegistry = TypeRegistry.FromMessages(GatewayModule.EventTypes));
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CICA Platform",
                Version = "v1",
                Description = "REST/JSON over the platform's gRPC services (gRPC JSON transcoding). The .proto files under protos/ are the reference. " +
                    "In a path such as /v1/memberStates/{name}, {name} is the resource's id (KAZ): the method receives the full resource name (memberStates/KAZ).",
            });
            o.SwaggerGeneratorOptions.PathGroupSelector = OpenApiPath_;
        });
        return builder;
    }

    // Grpc.Swagger renders "/v1/{name=memberStates/*}" as "v1/{name}" for every resource, so that
    // Get methods of different resources collide; the rule's own template tells them apart.
    private static string OpenApiPath_(ApiDescription description)
    {
        var rule = description.ActionDescriptor.EndpointMetadata.OfType<GrpcJsonTranscodingMetadata>().FirstOrDefault()?.HttpRule;
        var template = rule?.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            _ => null,
        };
        if (template is null) return description.RelativePath ?? "";
        return ResourcePattern().Replace(template, m => m.Groups["prefix"].Value + "/{" + m.Groups["field"].Value + "}").TrimStart('/');
    }

    [GeneratedRegex(@"\{(?<field>[a-z_.]+)=(?<prefix>[A-Za-z]+)/\*\}")]
    private static partial Regex ResourcePattern();

    /// <summary>Serves the OpenAPI document and its page.</summary>
    public static WebApplication UseRestJson(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint(OpenApiPath, "CICA Platform v1");
            o.DocumentTitle = "CICA Platform REST/JSON";
        });
        return app;
    }
}
