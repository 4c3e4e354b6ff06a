using System.Collections.Concurrent;
using System.Text.Encodings.Web;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// The two fields the gateway puts into every chunk of one stream, <c>"id":…</c> and <c>"provider":…</c>, encoded once
/// as the chunk writer would encode them (<see cref="JsonWriting.Options"/>), for
/// <see cref="OpenAiResponseRewriter.RewriteEvent"/> to splice into the provider's bytes.
/// </summary>
internal sealed class OpenAiChunkSplice
{
    // Providers are few and named in config: each one's field is encoded once, not once per stream. The cap only guards
    // against a config that keeps renaming providers.
    private const int MaxCachedProviders = 1024;
    private static readonly ConcurrentDictionary<string, byte[]> ProviderFields = new(StringComparer.Ordinal);

    public OpenAiChunkSplice(string responseId, string providerId)
    {
        ArgumentNullException.ThrowIfNull(responseId);
        ArgumentNullException.ThrowIfNull(providerId);
        IdField = Field("id", responseId);
        ProviderField = ProviderFieldOf(providerId);
    }

    /// <summary><c>"id":"…"</c>.</summary>
    public byte[] IdField { get; }

    /// <summary><c>"provider":"…"</c>.</summary>
    public byte[] ProviderField { get; }

    /// <summary>The stream's last chunk of the common shape, to splice the next ones like it without reading them again.</summary>
    public OpenAiChunkShape Shape { get; } = new();

    private static byte[] ProviderFieldOf(string providerId)
    {
        if (ProviderFields.TryGetValue(providerId, out var field))
        {
            return field;
        }
        field = Field("provider", providerId);
        if (ProviderFields.Count < MaxCachedProviders)
        {
            ProviderFields.TryAdd(providerId, field);
        }
        return field;
    }

    private static byte[] Field(string name, string value)
    {
        var encoder = JsonWriting.Options.Encoder ?? JavaScriptEncoder.Default;
        if (value.Length <= 128 && Ascii.IsValid(value))
        {
            // The common value (the gateway's own ids, provider names): ASCII the encoder leaves alone is written as it is.
            Span<byte> bytes = stackalloc byte[value.Length];
            Ascii.FromUtf16(value, bytes, out _);
            if (encoder.FindFirstCharacterToEncodeUtf8(bytes) < 0)
            {
                return Field(name, bytes);
            }
        }
        return Field(name, JsonEncodedText.Encode(value, encoder).EncodedUtf8Bytes);
    }

    private static byte[] Field(string name, ReadOnlySpan<byte> encoded)
    {
        var field = new byte[name.Length + encoded.Length + 5];
        field[0] = (byte)'"';
        var at = 1 + Encoding.UTF8.GetBytes(name, field.AsSpan(1));
        "\":\""u8.CopyTo(field.AsSpan(at));
        at += 3;
        encoded.CopyTo(field.AsSpan(at));
        field[^1] = (byte)'"';
        return field;
    }
}
