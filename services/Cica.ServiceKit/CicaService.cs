using System.Reflection;
using Cica.Messaging;
using Cica.Persistence;
using Cica.Persistence.Migrations;
using Cica.Persistence.Reading;
using Cica.ServiceDefaults;
using Cica.ServiceKit.Audit;
using Cica.ServiceKit.MemberStates;
using Cica.ServiceKit.Writes;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Cica.ServiceKit;

/// <summary>
/// Registers a CICA service with a host in one call: its database (with the outbox, inbox, retry
/// records and its own migrations, embedded as <c>Migrations/NNNN_name.sql</c> in the assembly of
/// <typeparamref name="TDatabase"/>), the outbox relay, the write pipeline, the read cache and its
/// readiness; the configuration adds what is its own (seed, consumers, stores).
/// See services/ADDING_A_SERVICE.md.
/// </summary>
public static class CicaServiceRegistration
{
    /// <summary>Adds the service named <paramref name="name"/> (its database: <c>{name}.db</c> or <c>ConnectionStrings:{name}</c>).</summary>
    public static WebApplicationBuilder AddCicaService<TDatabase>(this WebApplicationBuilder builder, string name,
        ProtoServiceDescriptor grpcService, Func<DatabaseOptions, TDatabase> createDatabase, Action<CicaService<TDatabase>>? configure = null)
        where TDatabase : Database
    {
        var service = new CicaService<TDatabase>(builder.Services, name);
        configure?.Invoke(service);

        var services = builder.Services;
        services.AddDatabase(builder.Configuration, name, createDatabase, [.. service.Migrations]);
        services.AddOutboxRelay<TDatabase>();
        services.AddSingleton<WritePipeline<TDatabase>>();
        services.AddSingleton<ReadCache<TDatabase>>();
        services.AddSingleton(new AuditedDatabase(name, sp => sp.GetRequiredService<TDatabase>()));
        services.AddServiceReadiness(grpcService.FullName, sp => sp.GetRequiredService<TDatabase>().Ready);
        return builder;
    }
}

/// <summary>The schema modules of a service's database, in the order they apply.</summary>
public static class ServiceMigrations
{
    /// <summary>
    /// Messaging's tables and, if the service keeps them, the known member states first; then the
    /// service's own (embedded in <typeparamref name="TDatabase"/>'s assembly), which may build on them.
    /// Cica.Persistence adds its own module (the retry records) before all of these.
    /// </summary>
    public static IReadOnlyList<(Assembly Assembly, string Module)> Of<TDatabase>(string name, bool knownMemberStates) where TDatabase : Database
    {
        var modules = new List<(Assembly Assembly, string Module)> { MessagingRegistration.Migrations };
        if (knownMemberStates) modules.Add((typeof(KnownMemberStates).Assembly, "member-states"));
        modules.Add((typeof(TDatabase).Assembly, name));
        return modules;
    }
}

/// <summary>The parts of one service that are its own, added while it is registered.</summary>
public sealed class CicaService<TDatabase> where TDatabase : Database
{
    private readonly IServiceCollection _services;
    private bool _knownMemberStates;

    internal CicaService(IServiceCollection services, string name)
    {
        _services = services;
        Name = name;
    }

    /// <summary>The service's name (its database's).</summary>
    public string Name { get; }

    internal IReadOnlyList<(Assembly Assembly, string Module)> Migrations => ServiceMigrations.Of<TDatabase>(Name, _knownMemberStates);

    /// <summary>Seed data loaded on the first start (see <see cref="ISeed{TDatabase}"/>).</summary>
    public CicaService<TDatabase> WithSeed<TSeed>() where TSeed : class, ISeed<TDatabase>
    {
        _services.AddSingleton<ISeed<TDatabase>, TSeed>();
        return this;
    }

    /// <summary>
    /// The member states as Membership announces them (known_member_states, fed by
    /// MemberStateAdmitted on the queue <c>{name}-member-state-admitted</c>); read with <see cref="KnownMemberStates"/>.
    /// </summary>
    public CicaService<TDatabase> WithKnownMemberStates()
    {
        _knownMemberStates = true;
        // One at a time, in arrival order: a later event about a state must not be overtaken by an earlier one.
        return WithConsumer<MemberStateAdmittedConsumer<TDatabase>>(MemberStateAdmittedConsumer<TDatabase>.QueueName(Name), concurrency: 1);
    }

    /// <summary>A consumer with a queue of its own on the broker.</summary>
    public CicaService<TDatabase> WithConsumer<TConsumer>(string queueName, int? concurrency = null) where TConsumer : class, IConsumer
    {
        _services.AddConsumer<TConsumer>(queueName, concurrency);
        return this;
    }

    /// <summary>A singleton the service's API and rules use (a store, a calendar …).</summary>
    public CicaService<TDatabase> With<T>() where T : class
    {
        _services.AddSingleton<T>();
        return this;
    }
}
