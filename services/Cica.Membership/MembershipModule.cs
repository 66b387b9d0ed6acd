using Cica.Contracts.Membership.V1;
using Cica.Membership.Api;
using Cica.Membership.Seed;
using Cica.Membership.Storage;
using Cica.Messaging;
using Cica.Persistence;
using Cica.Persistence.Migrations;
using Cica.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Membership;

/// <summary>Adds the Membership service to any host: the all-in-one platform or a process of its own.</summary>
public static class MembershipModule
{
    /// <summary>Name of the service's database (the SQLite file membership.db, or ConnectionStrings:membership).</summary>
    public const string ServiceName = "membership";

    /// <summary>Registers storage, seed, outbox relay and the gRPC service.</summary>
    public static WebApplicationBuilder AddMembership(this WebApplicationBuilder builder)
    {
        builder.Services.AddDatabase(builder.Configuration, ServiceName, o => new MembershipDatabase(o),
            MessagingRegistration.Migrations, (typeof(MembershipModule).Assembly, ServiceName));
        builder.Services.AddSingleton<ISeed<MembershipDatabase>, MembershipSeed>();
        builder.Services.AddOutboxRelay<MembershipDatabase>();
        builder.Services.AddSingleton<MemberStateStore>();
        builder.Services.AddSingleton<ObserverStore>();
        builder.Services.AddSingleton<AccessionApplicationStore>();
        builder.Services.AddServiceReadiness(MembershipService.Descriptor.FullName,
            sp => sp.GetRequiredService<MembershipDatabase>().Ready);
        return builder;
    }

    /// <summary>Maps the gRPC service.</summary>
    public static WebApplication MapMembership(this WebApplication app)
    {
        app.MapGrpcService<MembershipGrpcService>();
        return app;
    }
}
