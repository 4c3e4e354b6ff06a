using System.Security.Cryptography;

namespace Gateway.Tests.Infrastructure;

/// <summary>Random master keys in the GATEWAY_MASTER_KEYS format.</summary>
internal static class TestMasterKeys
{
    public static string Entry(string keyId) => $"{keyId}:{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}";
}
