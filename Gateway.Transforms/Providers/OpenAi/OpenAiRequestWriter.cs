using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.OpenAI;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Writes the request for an OpenAI-compatible API: the client's body with the upstream model name,
/// without the gateway's own fields, and with usage always requested on streams.
/// </summary>
public sealed class OpenAiRequestWriter
{
    /// <summary>Fields this particular upstream rejects (a preset's quirks); dropped silently.</summary>
    private readonly IReadOnlySet<string> _droppedFields;
    private readonly bool _requestStreamUsage;

    public OpenAiRequestWriter(IReadOnlySet<string>? droppedFields = null, bool requestStreamUsage = true)
    {
        _droppedFields = droppedFields ?? new HashSet<string>();
        _requestStreamUsage = requestStreamUsage;
    }

    public void Write(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, target.Model);
        JsonElement? streamOptions = null;
        foreach (var property in request.Root.EnumerateObject())
        {
            var name = property.Name;
            if (name == "model" || ChatRequest.IsGatewayOnlyField(name) || _droppedFields.Contains(name))
            {
                continue;
            }
            if (name == "stream_options")
            {
                streamOptions = property.Value;
                continue;
            }
            json.WritePropertyName(name);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
        }

        if (request.Stream)
        {
            WriteStreamOptions(json, streamOptions);
        }
        json.WriteEndObject();
    }

    private void WriteStreamOptions(Utf8JsonWriter json, JsonElement? clientOptions)
    {
        if (!_requestStreamUsage)
        {
            if (clientOptions is { ValueKind: JsonValueKind.Object } passThrough)
            {
                json.WritePropertyName("stream_options"u8);
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(passThrough), skipInputValidation: true);
            }
            return;
        }

        json.WritePropertyName("stream_options"u8);
        json.WriteStartObject();
        json.WriteBoolean("include_usage"u8, true);
        if (clientOptions is { ValueKind: JsonValueKind.Object } options)
        {
            foreach (var option in options.EnumerateObject())
            {
                if (option.Name == "include_usage")
                {
                    continue;
                }
                json.WritePropertyName(option.Name);
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(option.Value), skipInputValidation: true);
            }
        }
        json.WriteEndObject();
    }
}
