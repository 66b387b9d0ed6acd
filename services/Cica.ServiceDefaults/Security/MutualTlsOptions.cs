using System.Security.Cryptography.X509Certificates;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// Settings under <c>Security:MutualTls</c>: a TLS endpoint that requires a client certificate
/// issued by one of <see cref="ClientAuthorityFiles"/>, each certificate mapped to the caller it
/// stands for. Off while <see cref="Endpoint"/> is empty.
/// </summary>
public sealed class MutualTlsOptions
{
    /// <summary>Address and port of the mutual-TLS gRPC endpoint (e.g. <c>127.0.0.1:5443</c>; port 0 picks a free one).</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>PEM file of the server's certificate (its chain may follow it in the file).</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>PEM file of the server certificate's private key.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>PEM files of the certification authorities whose client certificates are trusted (nothing else is).</summary>
    public List<string> ClientAuthorityFiles { get; set; } = [];

    /// <summary>
    /// The caller each client certificate stands for, by the certificate's SHA-256 thumbprint (hex):
    /// <c>secretariat</c>, <c>member-state/XXX</c> or <c>observer[/XXX]</c>. A trusted certificate
    /// missing from this map is UNAUTHENTICATED: being issued by the authority is not enough to act for a country.
    /// </summary>
    public Dictionary<string, string> Callers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Revocation check of client certificates (Online where the authority publishes CRLs/OCSP).</summary>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;
}
