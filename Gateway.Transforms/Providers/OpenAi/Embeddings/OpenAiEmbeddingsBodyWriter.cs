using Gateway.Transforms.Embeddings;

namespace Gateway.Transforms.Providers.OpenAi.Embeddings;

/// <summary>
/// The client's embeddings body for an OpenAI-compatible provider: every field passed through as sent, except the
/// gateway's own, with the target's model and the dialect's renames, allow-list and encoding.
/// </summary>
internal static class OpenAiEmbeddingsBodyWriter
{
    public static GatewayError? Write(EmbeddingsRequest request, UpstreamTarget target, OpenAiEmbeddingsDialect dialect, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(dialect);
        if (request.InputKind == EmbeddingsInputKind.Tokens && !dialect.AcceptsTokenIds)
        {
            return GatewayError.InvalidRequest($"Provider kind '{dialect.Kind}' takes text input only; send 'input' as strings for this model.", "input", "unsupported_parameter");
        }
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, target.Model);
        foreach (var property in request.Root.EnumerateObject())
        {
            var name = property.Name;
            if (name == "model" || EmbeddingsRequest.IsGatewayOnlyField(name))
            {
                continue;
            }
            if (dialect.RenamedFields.TryGetValue(name, out var renamed))
            {
                name = renamed;
            }
            if (dialect.AllowedFields is { } allowed && !allowed.Contains(name))
            {
                continue;
            }
            if (name == "encoding_format" && !dialect.AcceptsBase64)
            {
                // Asked for floats: the gateway packs them when the client wants base64.
                continue;
            }
            json.WritePropertyName(name);
            property.Value.WriteTo(json);
        }
        json.WriteEndObject();
        return null;
    }
}
