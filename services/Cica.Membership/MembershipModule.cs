using Cica.Contracts.Membership.V1;
using Cica.Membership.Api;
using Cica.Membership.Seed;
using Cica.Membership.Storage;
using Cica.ServiceKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Membership;

/// <summary>Adds the Membership service to any host: the all-in-one platform or a process of its own.</summary>
public static class MembershipModule
{
    /// <summary>Name of the service's database (the SQLite file membership.db, or ConnectionStrings:membership).</summary>
    public const string ServiceName = "membership";

    /// <summary>Registers the service with the kit: its database, seed and stores.</summary>
    public static WebApplicationBuilder AddMembership(this WebApplicationBuilder builder) =>
        builder.AddCicaService(ServiceName, MembershipService.Descriptor, o => new MembershipDatabase(o), service => service
            .WithSeed<MembershipSeed>()
            .WithConsumer<Accession.DecisionAdoptedConsumer>(Accession.DecisionAdoptedConsumer.QueueName)
            .With<MemberStateStore>()
            .With<ObserverStore>()
            .With<AccessionApplicationStore>());

    /// <summary>Maps the gRPC service.</summary>
    public static WebApplication MapMembership(this WebApplication app)
    {
        app.MapGrpcService<MembershipGrpcService>();
        return app;
    }
}
