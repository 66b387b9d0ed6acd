using Cica.CbmCoordination.Api;
using Cica.CbmCoordination.MemberStates;
using Cica.CbmCoordination.Seed;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Messaging;
using Cica.Persistence;
using Cica.Persistence.Migrations;
using Cica.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.CbmCoordination;

/// <summary>Adds the CBM Coordination service to any host: the all-in-one platform or a process of its own.</summary>
public static class CbmCoordinationModule
{
    /// <summary>Name of the service's database (the SQLite file cbm.db, or ConnectionStrings:cbm).</summary>
    public const string ServiceName = "cbm";

    /// <summary>Registers storage, seed, the member-state consumer, the outbox relay and the gRPC service.</summary>
    public static WebApplicationBuilder AddCbmCoordination(this WebApplicationBuilder builder)
    {
        builder.Services.AddDatabase(builder.Configuration, ServiceName, o => new CbmDatabase(o),
            MessagingRegistration.Migrations, (typeof(CbmCoordinationModule).Assembly, ServiceName));
        builder.Services.AddSingleton<ISeed<CbmDatabase>, CbmSeed>();
        builder.Services.AddOutboxRelay<CbmDatabase>();
        builder.Services.AddConsumers(bus => bus.AddConsumer<MemberStateAdmittedConsumer>()
            .Endpoint(e => e.Name = MemberStateAdmittedConsumer.QueueName));
        builder.Services.AddSingleton<PriorityAreaStore>();
        builder.Services.AddSingleton<AssignmentStore>();
        builder.Services.AddSingleton<ActivityStore>();
        builder.Services.AddServiceReadiness(CbmCoordinationService.Descriptor.FullName,
            sp => sp.GetRequiredService<CbmDatabase>().Ready);
        return builder;
    }

    /// <summary>Maps the gRPC service.</summary>
    public static WebApplication MapCbmCoordination(this WebApplication app)
    {
        app.MapGrpcService<CbmCoordinationGrpcService>();
        return app;
    }
}
