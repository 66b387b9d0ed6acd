using Cica.CbmCoordination.Api;
using Cica.CbmCoordination.Seed;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.ServiceKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.CbmCoordination;

/// <summary>Adds the CBM Coordination service to any host: the all-in-one platform or a process of its own.</summary>
public static class CbmCoordinationModule
{
    /// <summary>Name of the service's database (the SQLite file cbm.db, or ConnectionStrings:cbm).</summary>
    public const string ServiceName = "cbm";

    /// <summary>Registers the service with the kit: its database, seed, known member states and stores.</summary>
    public static WebApplicationBuilder AddCbmCoordination(this WebApplicationBuilder builder) =>
        builder.AddCicaService(ServiceName, CbmCoordinationService.Descriptor, o => new CbmDatabase(o), service => service
            .WithSeed<CbmSeed>()
            .WithKnownMemberStates()
            .WithConsumer<Coordination.DecisionAdoptedConsumer>(Coordination.DecisionAdoptedConsumer.QueueName)
            .With<PriorityAreaStore>()
            .With<AssignmentStore>()
            .With<ActivityStore>());

    /// <summary>Maps the gRPC service.</summary>
    public static WebApplication MapCbmCoordination(this WebApplication app)
    {
        app.MapGrpcService<CbmCoordinationGrpcService>();
        return app;
    }
}
