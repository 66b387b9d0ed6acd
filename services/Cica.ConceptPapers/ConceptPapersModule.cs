using Cica.ConceptPapers.Api;
using Cica.ConceptPapers.Coordinators;
using Cica.ConceptPapers.Papers;
using Cica.ConceptPapers.Seed;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.ConceptPapers.V1;
using Cica.ServiceKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.ConceptPapers;

/// <summary>Adds the Concept Papers service to any host: the all-in-one platform or a process of its own.</summary>
public static class ConceptPapersModule
{
    /// <summary>Name of the service's database (the SQLite file concept-papers.db, or ConnectionStrings:concept-papers).</summary>
    public const string ServiceName = "concept-papers";

    /// <summary>
    /// Registers the service with the kit: its database, seed, the read model of CBM Coordination's
    /// priority areas and coordinator assignments (one consumer per event, each in arrival order), stores,
    /// and the sweeper that expires approved documents whose period is over.
    /// </summary>
    public static WebApplicationBuilder AddConceptPapers(this WebApplicationBuilder builder)
    {
        builder.AddCicaService(ServiceName, ConceptPapersService.Descriptor, o => new ConceptPapersDatabase(o), service => service
            .WithSeed<ConceptPapersSeed>()
            .WithConsumer<PriorityAreaCreatedConsumer>(PriorityAreaCreatedConsumer.QueueName, concurrency: 1)
            .WithConsumer<CoordinatorAssignmentStartedConsumer>(CoordinatorAssignmentStartedConsumer.QueueName, concurrency: 1)
            .WithConsumer<CoordinatorAssignmentEndedConsumer>(CoordinatorAssignmentEndedConsumer.QueueName, concurrency: 1)
            .WithConsumer<DecisionAdoptedConsumer>(DecisionAdoptedConsumer.QueueName)
            .With<DocumentStore>()
            .With<InitiativeStore>()
            .With<ExpirySweeper>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ExpirySweeper>());
        return builder;
    }

    /// <summary>Maps the gRPC service.</summary>
    public static WebApplication MapConceptPapers(this WebApplication app)
    {
        app.MapGrpcService<ConceptPapersGrpcService>();
        return app;
    }
}
