namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Writes the request for an OpenAI-compatible API: the client's body with the upstream model name, without the
/// gateway's own fields, with usage requested on streams where the provider accepts <c>stream_options</c>, and with
/// the preset's quirks applied (fields dropped, renamed or outside its allow-list, message fields removed).
/// </summary>
internal sealed class OpenAiRequestWriter
{
    private readonly OpenAiCompatiblePreset? _preset;

    public OpenAiRequestWriter()
    {
    }

    public OpenAiRequestWriter(OpenAiCompatiblePreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        _preset = preset;
    }

    public GatewayError? Write(ChatRequest request, UpstreamTarget target, IBufferWriter<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        if (_preset is not null)
        {
            var refused = OpenAiCapabilityGate.Check(request, _preset.Capabilities, _preset.Kind);
            if (refused is not null)
            {
                return refused;
            }
        }

        using var json = new Utf8JsonWriter(body, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, target.Model);
        JsonElement? streamOptions = null;
        var root = request.Root;
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            if (name == "model" || ChatRequest.IsGatewayOnlyField(name))
            {
                continue;
            }
            if (name == "stream_options")
            {
                streamOptions = property.Value;
                continue;
            }
            if (_preset is not null)
            {
                if (_preset.RenamedFields.TryGetValue(name, out var renamed))
                {
                    // The client's own value under the provider's name wins over a renamed one.
                    if (root.TryGetProperty(renamed, out _))
                    {
                        continue;
                    }
                    name = renamed;
                }
                if (_preset.DroppedFields.Contains(name) || (_preset.AllowedFields is { } allowed && !allowed.Contains(name)))
                {
                    continue;
                }
                if (name == "messages" && _preset.DroppedMessageFields.Count > 0 && property.Value.ValueKind == JsonValueKind.Array)
                {
                    WriteMessages(json, property.Value);
                    continue;
                }
            }
            json.WritePropertyName(name);
            json.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
        }

        if (request.Stream)
        {
            WriteStreamOptions(json, streamOptions);
        }
        json.WriteEndObject();
        return null;
    }

    private void WriteMessages(Utf8JsonWriter json, JsonElement messages)
    {
        json.WritePropertyName("messages"u8);
        json.WriteStartArray();
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(message), skipInputValidation: true);
                continue;
            }
            json.WriteStartObject();
            foreach (var field in message.EnumerateObject())
            {
                if (_preset!.DroppedMessageFields.Contains(field.Name))
                {
                    continue;
                }
                json.WritePropertyName(field.Name);
                json.WriteRawValue(JsonMarshal.GetRawUtf8Value(field.Value), skipInputValidation: true);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private void WriteStreamOptions(Utf8JsonWriter json, JsonElement? clientOptions)
    {
        if (_preset is { AcceptsStreamOptions: false })
        {
            // The provider rejects the field; it reports usage in its last chunk unasked.
            return;
        }

        WriteUsageStreamOptions(json, clientOptions);
    }

    /// <summary><c>stream_options</c> asking for the usage chunk, with the client's other options kept.</summary>
    internal static void WriteUsageStreamOptions(Utf8JsonWriter json, JsonElement? clientOptions)
    {
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
