using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cica.Security.Tests;

/// <summary>A certification authority made for one test, and the certificates it issues, written as PEM files.</summary>
public sealed class TestCertificates
{
    private readonly string _directory;
    private readonly X509Certificate2 _authority;

    public TestCertificates(string directory, string name = "CICA test authority")
    {
        _directory = directory;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        AuthorityFile = Write(name.Replace(' ', '-') + ".pem", _authority.ExportCertificatePem());
    }

    /// <summary>PEM file of the authority's certificate.</summary>
    public string AuthorityFile { get; }

    /// <summary>A server certificate for 127.0.0.1: its certificate and key files.</summary>
    public (string CertificateFile, string KeyFile, X509Certificate2 Certificate) Server()
    {
        var certificate = Issue("CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", san => san.AddIpAddress(IPAddress.Loopback));
        return (Write("server.pem", certificate.ExportCertificatePem()), Write("server.key", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()), certificate);
    }

    /// <summary>A client certificate (client-authentication use) with its private key.</summary>
    public X509Certificate2 Client(string subject) => Issue($"CN={subject}", "1.3.6.1.5.5.7.3.2", _ => { });

    private X509Certificate2 Issue(string subject, string usage, Action<SubjectAlternativeNameBuilder> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(_authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives the key a form TLS can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
