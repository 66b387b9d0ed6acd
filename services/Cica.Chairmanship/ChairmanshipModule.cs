using Cica.Chairmanship.Api;
using Cica.Chairmanship.Effects;
using Cica.Chairmanship.Seed;
using Cica.Chairmanship.Silence;
using Cica.Contracts.Chairmanship.V1;
using Cica.ServiceKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Chairmanship;

/// <summary>Adds the Chairmanship service to any host: the all-in-one platform or a process of its own.</summary>
public static class ChairmanshipModule
{
    /// <summary>Name of the service's database (the SQLite file chairmanship.db, or ConnectionStrings:chairmanship).</summary>
    public const string ServiceName = "chairmanship";

    /// <summary>Registers the service with the kit: database, seed, member states, effect answers, the deadline sweeper.</summary>
    public static WebApplicationBuilder AddChairmanship(this WebApplicationBuilder builder)
    {
        builder.AddCicaService(ServiceName, ChairmanshipService.Descriptor, o => new ChairmanshipDatabase(o), service => service
            .WithSeed<ChairmanshipSeed>()
            .WithKnownMemberStates()
            .WithConsumer<EffectAppliedConsumer>(EffectAppliedConsumer.QueueName)
            .WithConsumer<EffectRefusedConsumer>(EffectRefusedConsumer.QueueName)
            .With<SilenceDeadlineSweeper>());
        builder.Services.AddSingleton<SilenceMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SilenceDeadlineSweeper>());
        return builder;
    }

    /// <summary>Maps the gRPC service.</summary>
    public static WebApplication MapChairmanship(this WebApplication app)
    {
        app.MapGrpcService<ChairmanshipGrpcService>();
        return app;
    }
}
