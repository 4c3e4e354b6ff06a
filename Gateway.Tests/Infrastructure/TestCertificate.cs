using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Tests.Infrastructure;

/// <summary>A throwaway self-signed server certificate for 127.0.0.1 and localhost, as a PFX file Kestrel can load.</summary>
internal sealed class TestCertificate : IDisposable
{
    public const string Password = "test-only";

    private TestCertificate(string path)
    {
        PfxPath = path;
    }

    public string PfxPath { get; }

    /// <summary>The arguments that make the in-process gateway serve HTTPS with this certificate on a random port.</summary>
    public string[] KestrelArgs => ["--urls", "https://127.0.0.1:0", "--Kestrel:Certificates:Default:Path", PfxPath, "--Kestrel:Certificates:Default:Password", Password];

    public static TestCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=gateway-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Directory.CreateTempSubdirectory("gw-cert-").FullName, "server.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return new TestCertificate(path);
    }

    /// <summary>A client that trusts any server certificate (this one is self-signed).</summary>
    public static HttpClient TrustingClient(Uri baseAddress) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    })
    {
        BaseAddress = baseAddress,
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(PfxPath)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
