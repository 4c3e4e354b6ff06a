using System.Security.Cryptography;

namespace Gateway.Proxy.Pipeline;

/// <summary>OpenRouter-style response ids: <c>gen-{unix seconds}-{20 random alphanumerics}</c>, unique and unguessable.</summary>
internal static class ResponseIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(long unixSeconds)
    {
        Span<char> random = stackalloc char[20];
        RandomNumberGenerator.GetItems(Alphabet, random);
        return string.Create(null, stackalloc char[48], $"gen-{unixSeconds}-{random}");
    }
}
