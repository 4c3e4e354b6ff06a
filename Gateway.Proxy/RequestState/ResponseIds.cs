using System.Security.Cryptography;

namespace Gateway.Proxy.RequestState;

/// <summary>OpenRouter-style response ids: <c>gen-{unix seconds}-{20 random alphanumerics}</c>, unique and unguessable.</summary>
internal static class ResponseIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int RandomLength = 20;

    // Cryptographic randomness fetched in blocks per thread: one call into the OS random source per ~200 ids
    // instead of one per request (each also cost a getpid system call).
    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_used;

    public static string New(long unixSeconds) => New(unixSeconds, "gen-");

    /// <summary>
    /// An id in the same scheme under another door's prefix (the Responses API's <c>resp_</c>):
    /// <c>{prefix}{unix seconds}-{20 random alphanumerics}</c>.
    /// </summary>
    public static string New(long unixSeconds, string prefix)
    {
        Span<char> random = stackalloc char[RandomLength];
        var bytes = t_random;
        if (bytes is null || t_used + RandomLength * 2 > bytes.Length)
        {
            bytes ??= t_random = new byte[4096];
            RandomNumberGenerator.Fill(bytes);
            t_used = 0;
        }
        for (var i = 0; i < RandomLength; i++)
        {
            // Rejection sampling keeps every character equally likely (248 = 4 × 62).
            int b;
            do
            {
                if (t_used == bytes.Length)
                {
                    RandomNumberGenerator.Fill(bytes);
                    t_used = 0;
                }
                b = bytes[t_used++];
            }
            while (b >= 248);
            random[i] = Alphabet[b % Alphabet.Length];
        }
        return string.Create(null, stackalloc char[64], $"{prefix}{unixSeconds}-{random}");
    }
}
