using Cica.Contracts.Audit.V1;
using Cica.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Contracts.Membership.V1;
using Cica.ServiceDefaults.Endpoints;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Portal;

/// <summary>
/// The coordinators' portal: Razor Pages served on the HTTP/1.1 endpoint <c>Kestrel:Endpoints:Portal</c>
/// (default http://127.0.0.1:5090), calling the platform only through its public entry point, the
/// gateway at <c>Portal:Services:gateway</c> (default: this process, when it carries the gateway):
/// the gateway's views, and the services' RPCs, reads and writes, which the gateway forwards. The
/// signed-in caller's own token (see <see cref="Pages.SignInModel"/>) reaches every call through
/// <see cref="PortalCredentials"/> alone.
/// </summary>
public static class PortalModule
{
    /// <summary>Name of its catalog entry.</summary>
    public const string ServiceName = "portal";

    /// <summary>The Kestrel endpoint the pages are served on.</summary>
    public const string EndpointName = "Portal";

    /// <summary>Where the pages are served unless <c>Kestrel:Endpoints:Portal:Url</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>The cookie authentication scheme of the portal (its own; the gRPC APIs do not read it).</summary>
    public const string Scheme = "cica-portal";

    /// <summary>Registers the pages, the sign-in cookie, the endpoint and the gRPC clients.</summary>
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var urlKey = $"Kestrel:Endpoints:{EndpointName}:Url";
        if (string.IsNullOrWhiteSpace(builder.Configuration[urlKey]))
            builder.Configuration.AddInMemoryCollection([new(urlKey, DefaultUrl)]);
        builder.WebHost.ConfigureKestrel((context, kestrel) => kestrel
            .Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false)
            .Endpoint(EndpointName, endpoint =>
            {
                endpoint.ListenOptions.Protocols = HttpProtocols.Http1;   // browsers: HTTP/1.1 over plain text on loopback
                kestrel.ApplicationServices.GetRequiredService<ServedEndpoints>().Name(endpoint.ListenOptions, EndpointName);
            }));

        var assembly = typeof(PortalModule).Assembly;
        builder.Services.AddRazorPages(o => o.RootDirectory = "/Pages")
            .ConfigureApplicationPartManager(m =>
            {
                if (m.ApplicationParts.All(p => p.Name != assembly.GetName().Name)) m.ApplicationParts.Add(new CompiledRazorAssemblyPart(assembly));
            });
        var settings = builder.Configuration.GetSection("Portal").Get<PortalOptions>() ?? new PortalOptions();
        builder.Services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "cica-portal";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            o.LoginPath = "/signin";
            // The session ends when the signed-in token does (at most PortalSession.Longest): never slid past it.
            o.SlidingExpiration = false;
            o.ExpireTimeSpan = PortalSession.Longest;
            // Sessions run on the clock tokens are validated with (JwtBearer's: the system's), whatever
            // clock the platform's rules read (tests set that one to 2022).
            o.TimeProvider = TimeProvider.System;
            o.Events = PortalSession.Events;
        }).AddPortalIdentityProvider(settings.Oidc);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection("Portal"));
        builder.Services.AddSingleton<PortalCredentials>();
        builder.Services.AddPortalAddresses();
        builder.Services.AddScoped<PortalClients>();

        // Every client talks to the gateway's address: the portal is one more client of the public API.
        AddClient<GatewayService.GatewayServiceClient>(builder.Services, "gateway");
        AddClient<MembershipService.MembershipServiceClient>(builder.Services, "membership");
        AddClient<CbmCoordinationService.CbmCoordinationServiceClient>(builder.Services, "cbm");
        AddClient<ChairmanshipService.ChairmanshipServiceClient>(builder.Services, "chairmanship");
        AddClient<ConceptPapersService.ConceptPapersServiceClient>(builder.Services, "concept-papers");
        AddClient<AuditTrailService.AuditTrailServiceClient>(builder.Services, "audit");
        // A portal-only process has no database to wait for: it is ready once it runs, so the
        // probes of compose and Kubernetes (grpc.health.v1, service "") read SERVING.
        builder.Services.AddServiceReadiness("cica.portal", _ => Task.CompletedTask);
        return builder;
    }

    /// <summary>Maps the pages (answered on the portal endpoint only, see <see cref="PortalPage"/>).</summary>
    public static WebApplication MapPortal(this WebApplication app)
    {
        // The pages have their own sign-in (the portal's cookie, checked by PortalPage): the platform's
        // rule that every API call carries a bearer token is not theirs. Their user is the cookie's
        // (the platform's default scheme is the bearer token) before anything reads it, antiforgery included.
        app.Use(async (context, next) =>
        {
            // The header first: API calls carry no cookie, and parsing cookies on each was ~3 % of a read.
            if (context.Request.Headers.Cookie.Count > 0
                && context.Request.Cookies.ContainsKey(Scheme)
                && await context.AuthenticateAsync(Scheme) is { Succeeded: true } signedIn)
            {
                context.User = signedIn.Principal!;
                PortalCredentials.Use(context, signedIn);
            }
            await next();
        });
        app.MapRazorPages().AllowAnonymous();
        return app;
    }

    private static void AddClient<TClient>(IServiceCollection services, string name) where TClient : class =>
        services.AddGrpcClient<TClient>(PortalClients.Prefix + name, (sp, o) => o.Address = sp.GetRequiredService<PortalAddresses>().Gateway)
            .AddInterceptor<PortalCredentials>(InterceptorScope.Client)
            .ConfigureChannel(o => o.MaxReceiveMessageSize = 16 * 1024 * 1024)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), EnableMultipleHttp2Connections = true });

    /// <summary>Adds the address resolver (separate so that AddClient can find it).</summary>
    internal static IServiceCollection AddPortalAddresses(this IServiceCollection services) => services.AddSingleton<PortalAddresses>();
}

/// <summary>
/// The portal's own gRPC clients (named "portal-&lt;api&gt;", so that they never share the gateway's
/// clients of the same type and their addresses), each with <see cref="PortalCredentials"/>.
/// </summary>
public sealed class PortalClients(GrpcClientFactory factory)
{
    /// <summary>Prefix of the clients' names.</summary>
    public const string Prefix = "portal-";

    /// <summary>The gateway.</summary>
    public GatewayService.GatewayServiceClient Gateway => factory.CreateClient<GatewayService.GatewayServiceClient>(Prefix + "gateway");

    /// <summary>Membership.</summary>
    public MembershipService.MembershipServiceClient Membership => factory.CreateClient<MembershipService.MembershipServiceClient>(Prefix + "membership");

    /// <summary>CBM Coordination.</summary>
    public CbmCoordinationService.CbmCoordinationServiceClient Cbm => factory.CreateClient<CbmCoordinationService.CbmCoordinationServiceClient>(Prefix + "cbm");

    /// <summary>Chairmanship.</summary>
    public ChairmanshipService.ChairmanshipServiceClient Chairmanship => factory.CreateClient<ChairmanshipService.ChairmanshipServiceClient>(Prefix + "chairmanship");

    /// <summary>Concept Papers.</summary>
    public ConceptPapersService.ConceptPapersServiceClient ConceptPapers => factory.CreateClient<ConceptPapersService.ConceptPapersServiceClient>(Prefix + "concept-papers");

    /// <summary>Every service's audit trail (the gateway asks the service that keeps it).</summary>
    public AuditTrailService.AuditTrailServiceClient AuditTrails => factory.CreateClient<AuditTrailService.AuditTrailServiceClient>(Prefix + "audit");
}

/// <summary>Settings under <c>Portal</c>.</summary>
public sealed class PortalOptions
{
    /// <summary>
    /// Address of the API the portal calls: <c>gateway</c> (e.g. http://gateway:5080); absent: this
    /// process, which must then carry the gateway. Other names are ignored: the portal calls no
    /// service directly.
    /// </summary>
    public Dictionary<string, string> Services { get; set; } = [];

    /// <summary>The identity provider desk officers sign in with (production); absent: they paste a token (development).</summary>
    public PortalOidcOptions Oidc { get; set; } = new();
}

/// <summary>Where the gateway is: <c>Portal:Services:gateway</c>, or this process's gRPC endpoint when it carries the gateway.</summary>
public sealed class PortalAddresses(
    Microsoft.Extensions.Options.IOptions<PortalOptions> options,
    ServedEndpoints endpoints,
    IEnumerable<Cica.ServiceDefaults.Health.ReadinessRegistration> carried)
{
    /// <summary>The gateway's gRPC address.</summary>
    public Uri Gateway =>
        options.Value.Services.TryGetValue("gateway", out var configured) && !string.IsNullOrWhiteSpace(configured) ? new Uri(configured)
        // Without an address, only a process that serves the gateway can be its own: anything else
        // would send the pages' calls to a process that answers none of them.
        : carried.Any(r => r.GrpcService == GatewayService.Descriptor.FullName) && endpoints.Grpc.FirstOrDefault() is { } own ? own
        : throw new InvalidOperationException("The portal has no gateway to call: set Portal:Services:gateway (e.g. http://127.0.0.1:5080), or run the portal with the gateway.");
}
