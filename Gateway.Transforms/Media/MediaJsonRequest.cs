namespace Gateway.Transforms.Media;

/// <summary>
/// A JSON image or speech request (<c>POST /v1/images/generations</c>, <c>/v1/audio/speech</c>): <c>model</c>, the
/// operation's text (<c>prompt</c> or <c>input</c>), and the fields billing reads (<c>n</c>, <c>size</c>,
/// <c>quality</c>). Everything else passes to the provider as sent; only <c>model</c> is rewritten and OpenRouter's
/// <c>provider</c> dropped. Holds the parsed document over the caller's buffer, which must outlive it.
/// </summary>
public sealed class MediaJsonRequest : JsonGatewayRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private MediaJsonRequest(JsonDocument document, string model, string text)
        : base(document, model)
    {
        Text = text;
    }

    /// <summary>The prompt or the text to speak.</summary>
    public string Text { get; }

    /// <summary><c>n</c> (images asked for; 1 when absent).</summary>
    public int Count { get; private set; } = 1;

    public string? Size { get; private set; }

    public string? Quality { get; private set; }

    /// <param name="utf8Json">The body; it must outlive the request.</param>
    /// <param name="textField">The required text field: <c>prompt</c> or <c>input</c>.</param>
    public static (MediaJsonRequest? Request, GatewayError? Error) Parse(ReadOnlyMemory<byte> utf8Json, string textField)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException)
        {
            return (null, GatewayError.InvalidRequest("We could not parse the JSON body of your request."));
        }
        var error = Validate(document.RootElement, textField, out var model, out var text);
        if (error is not null)
        {
            document.Dispose();
            return (null, error);
        }
        var request = new MediaJsonRequest(document, model!, text!);
        var root = document.RootElement;
        if (root.TryGetProperty("n"u8, out var n) && n.ValueKind != JsonValueKind.Null)
        {
            if (!n.TryGetInt32(out var count) || count < 1)
            {
                request.Dispose();
                return (null, GatewayError.InvalidRequest("'n' must be an integer of 1 or more.", "n", "invalid_value"));
            }
            request.Count = count;
        }
        request.Size = OptionalString(root, "size"u8);
        request.Quality = OptionalString(root, "quality"u8);
        return (request, null);
    }

    /// <summary>The provider's body: the client's, with <c>model</c> set to the target's and gateway-only fields left out.</summary>
    public void WriteBody(string targetModel, System.Buffers.IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, JsonWriting.Options);
        writer.WriteStartObject();
        foreach (var property in Root.EnumerateObject())
        {
            if (property.NameEquals("model"u8))
            {
                writer.WriteString("model"u8, targetModel);
            }
            else if (!property.NameEquals("provider"u8) && !property.NameEquals("models"u8))
            {
                property.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    private static GatewayError? Validate(JsonElement root, string textField, out string? model, out string? text)
    {
        model = null;
        text = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest("The request body must be a JSON object.");
        }
        if (!root.TryGetProperty("model"u8, out var modelElement) || modelElement.ValueKind != JsonValueKind.String || modelElement.GetString() is not { Length: > 0 } name)
        {
            return GatewayError.InvalidRequest("'model' is required and must be a non-empty string.", "model", "missing_required_parameter");
        }
        if (!root.TryGetProperty(textField, out var textElement) || textElement.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest($"'{textField}' is required and must be a string.", textField, "missing_required_parameter");
        }
        if (root.TryGetProperty("stream"u8, out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            return GatewayError.InvalidRequest("The gateway does not stream this endpoint; leave 'stream' out.", "stream", "unsupported_value");
        }
        model = name;
        text = textElement.GetString();
        return null;
    }

    private static string? OptionalString(JsonElement root, ReadOnlySpan<byte> name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
