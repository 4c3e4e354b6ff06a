using System.Text.Encodings.Web;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// The two fields the gateway puts into every chunk of one stream, <c>"id":…</c> and <c>"provider":…</c>, encoded once
/// as the chunk writer would encode them (<see cref="JsonWriting.Options"/>), for
/// <see cref="OpenAiResponseRewriter.RewriteEvent"/> to splice into the provider's bytes.
/// </summary>
internal sealed class OpenAiChunkSplice
{
    public OpenAiChunkSplice(string responseId, string providerId)
    {
        ArgumentNullException.ThrowIfNull(responseId);
        ArgumentNullException.ThrowIfNull(providerId);
        IdField = Field("id", responseId);
        ProviderField = Field("provider", providerId);
    }

    /// <summary><c>"id":"…"</c>.</summary>
    public byte[] IdField { get; }

    /// <summary><c>"provider":"…"</c>.</summary>
    public byte[] ProviderField { get; }

    /// <summary>The stream's last chunk of the common shape, to splice the next ones like it without reading them again.</summary>
    public OpenAiChunkShape Shape { get; } = new();

    private static byte[] Field(string name, string value)
    {
        var encoder = JsonWriting.Options.Encoder ?? JavaScriptEncoder.Default;
        var encoded = JsonEncodedText.Encode(value, encoder).EncodedUtf8Bytes;
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
