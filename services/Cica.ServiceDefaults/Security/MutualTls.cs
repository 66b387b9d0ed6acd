using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cica.ServiceDefaults.Endpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// Mutual TLS as an alternative to bearer tokens (<c>Security:MutualTls</c>): a gRPC endpoint over
/// TLS that requires a client certificate; ASP.NET Core's certificate authentication checks its
/// chain against the configured authorities only (not the machine's store), its validity and its
/// client-authentication use, and the certificate's thumbprint maps to the caller it stands for.
/// </summary>
public static class MutualTls
{
    /// <summary>The authentication scheme of client certificates.</summary>
    public const string SchemeName = CertificateAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Name of the endpoint in <see cref="ServedEndpoints"/>.</summary>
    public const string EndpointName = "MutualTls";

    /// <summary>Whether the options ask for a mutual-TLS endpoint.</summary>
    public static bool IsOn(MutualTlsOptions options) => !string.IsNullOrWhiteSpace(options.Endpoint);

    /// <summary>Whether a request came with a client certificate (and no bearer token, which would speak for itself).</summary>
    public static bool Presents(HttpContext http) =>
        http.Connection.ClientCertificate is not null && !http.Request.Headers.ContainsKey("authorization");

    /// <summary>Binds the TLS endpoint that requires client certificates.</summary>
    public static void AddEndpoint(WebApplicationBuilder builder, MutualTlsOptions options)
    {
        var endpoint = IPEndPoint.Parse(options.Endpoint.Trim());
        var certificate = ServerCertificate(options);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                // The handshake takes any certificate; the authentication handler below decides
                // whether to trust it, against the configured authorities only, and answers
                // UNAUTHENTICATED rather than a bare TLS failure the client cannot read.
                https.AllowAnyClientCertificate();
            });
            kestrel.ApplicationServices.GetRequiredService<ServedEndpoints>().Name(listen, EndpointName, tls: true);
        }));
    }

    /// <summary>Adds the certificate authentication scheme.</summary>
    public static void AddScheme(AuthenticationBuilder authentication, MutualTlsOptions options)
    {
        var authorities = new X509Certificate2Collection();
        foreach (var file in options.ClientAuthorityFiles.Where(f => !string.IsNullOrWhiteSpace(f)))
            authorities.ImportFromPemFile(file);
        var callers = new Dictionary<string, string>(options.Callers, StringComparer.OrdinalIgnoreCase);

        authentication.AddCertificate(SchemeName, o =>
        {
            o.AllowedCertificateTypes = CertificateTypes.Chained;
            o.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            o.CustomTrustStore = authorities;
            o.RevocationMode = options.RevocationMode;
            o.ValidateCertificateUse = true;
            o.ValidateValidityPeriod = true;
            o.Events = new CertificateAuthenticationEvents
            {
                OnCertificateValidated = context =>
                {
                    var thumbprint = Thumbprint(context.ClientCertificate);
                    var identity = callers.TryGetValue(thumbprint, out var declaration)
                        ? CallerDeclaration.ToIdentity(declaration, SchemeName, "certificate:" + thumbprint, out _)
                        : null;
                    if (identity is null) context.Fail("the client certificate is trusted but stands for no caller (Security:MutualTls:Callers)");
                    else
                    {
                        context.Principal = new System.Security.Claims.ClaimsPrincipal(identity);
                        context.Success();
                    }
                    return Task.CompletedTask;
                },
            };
        });
    }

    /// <summary>The SHA-256 thumbprint by which <see cref="MutualTlsOptions.Callers"/> names a certificate.</summary>
    public static string Thumbprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    private static X509Certificate2 ServerCertificate(MutualTlsOptions options)
    {
        using var pem = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
        // An ephemeral PEM key cannot serve TLS on every platform; a PKCS#12 round trip makes it persistent in memory.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
