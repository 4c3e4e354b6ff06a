using System.Security.Cryptography;
using System.Text;
using Gateway.Data.Security;

namespace Gateway.Proxy.Dashboard.Sessions;

/// <summary>
/// The key that signs session cookies. Every replica must hold the same one, so a session made on one is honoured by
/// the others: <c>GATEWAY_DASHBOARD_SECRET</c> when set, else one derived (HKDF, its own label) from
/// <c>GATEWAY_MASTER_KEYS</c>, which replicas already share. With neither, a random key per process: sessions then
/// last until a restart and hold on one replica only (logged at start).
/// </summary>
internal sealed class DashboardSessionSecret
{
    public const string ConfigurationKey = "GATEWAY_DASHBOARD_SECRET";

    private static readonly byte[] Label = Encoding.ASCII.GetBytes("gateway dashboard session v1");

    private DashboardSessionSecret(byte[] key, bool ephemeral)
    {
        Key = key;
        IsEphemeral = ephemeral;
    }

    public byte[] Key { get; }

    /// <summary>True when the key was made up at start (no shared secret configured).</summary>
    public bool IsEphemeral { get; }

    public static DashboardSessionSecret FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var material = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(material))
        {
            material = configuration[MasterKeyRing.ConfigurationKey];
        }
        if (string.IsNullOrWhiteSpace(material))
        {
            return new DashboardSessionSecret(RandomNumberGenerator.GetBytes(32), ephemeral: true);
        }
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(material.Trim()), 32, salt: [], info: Label);
        return new DashboardSessionSecret(key, ephemeral: false);
    }
}
