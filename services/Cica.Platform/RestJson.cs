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
            o.OperationFilter<ParentIds>();
        });
        return builder;
    }

    // Grpc.Swagger renders "/v1/{name=memberStates/*}" as "v1/{name}" for every resource, so that
    // Get methods of different resources collide; the rule's own template tells them apart. A
    // nested name ("{name=policyDocuments/*/revisions/*}") names each parent's id after its collection
    // ("policyDocuments/{policyDocument}/revisions/{name}"); ParentIds declares those parameters.
    private static string OpenApiPath_(ApiDescription description) =>
        TemplateOf(description) is { } template ? ResourcePattern().Replace(template, m =>
        {
            var collections = m.Groups["collection"].Captures.Select(c => c.Value).ToList();
            return string.Join("/", collections.Select((collection, i) =>
                collection + "/{" + (i == collections.Count - 1 ? m.Groups["field"].Value : Singular(collection)) + "}"));
        }).TrimStart('/') : description.RelativePath ?? "";

    private static string? TemplateOf(ApiDescription description)
    {
        var rule = description.ActionDescriptor.EndpointMetadata.OfType<GrpcJsonTranscodingMetadata>().FirstOrDefault()?.HttpRule;
        return rule?.PatternCase switch
        {
            HttpRule.PatternOneofCase.Get => rule.Get,
            HttpRule.PatternOneofCase.Post => rule.Post,
            HttpRule.PatternOneofCase.Put => rule.Put,
            HttpRule.PatternOneofCase.Delete => rule.Delete,
            HttpRule.PatternOneofCase.Patch => rule.Patch,
            _ => null,
        };
    }

    private static string Singular(string collection) => collection.EndsWith('s') ? collection[..^1] : collection + "Id";

    [GeneratedRegex(@"\{(?<field>[a-z_.]+)=(?:(?<collection>[A-Za-z]+)/\*/?)+\}")]
    private static partial Regex ResourcePattern();

    // The parents' ids of a nested resource name, as parameters of the OpenAPI document only: the
    // method still receives the whole name (policyDocuments/3/revisions/2).
    private sealed class ParentIds : Swashbuckle.AspNetCore.SwaggerGen.IOperationFilter
    {
        public void Apply(OpenApiOperation operation, Swashbuckle.AspNetCore.SwaggerGen.OperationFilterContext context)
        {
            if (TemplateOf(context.ApiDescription) is not { } template) return;
            foreach (Match nested in ResourcePattern().Matches(template))
            {
                var collections = nested.Groups["collection"].Captures.Select(c => c.Value).ToList();
                foreach (var parent in collections.Take(collections.Count - 1))
                {
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = Singular(parent), In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = "string" },
                        Description = $"Id of the parent in {parent} (the 3 of policyDocuments/3/revisions/2).",
                    });
                }
            }
        }
    }

    /// <summary>Serves the OpenAPI document and its page (to GET requests: gRPC calls, all POSTs, skip their middleware).</summary>
    public static WebApplication UseRestJson(this WebApplication app)
    {
        app.UseWhen(http => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method), pages =>
        {
            pages.UseSwagger();
            pages.UseSwaggerUI(o =>
            {
                o.SwaggerEndpoint(OpenApiPath, "CICA Platform v1");
                o.DocumentTitle = "CICA Platform REST/JSON";
            });
        });
        return app;
    }
}
