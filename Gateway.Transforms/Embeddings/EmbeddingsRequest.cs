using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Embeddings;

/// <summary>
/// A validated OpenAI embeddings request (<c>POST /v1/embeddings</c>): <c>model</c>, <c>input</c> (a string, strings, token
/// ids or arrays of token ids), <c>encoding_format</c>, <c>dimensions</c>, <c>user</c>; OpenRouter's <c>models</c> and
/// <c>provider</c>; and the gateway's <c>input_type</c> (Cohere's names, also mapped to Gemini's task type), which is never
/// sent to OpenAI-compatible providers. Holds the parsed document over the caller's buffer, which must outlive it.
/// </summary>
public sealed class EmbeddingsRequest : JsonGatewayRequest, IInputTokensRequest
{
    /// <summary>OpenAI's own limit on inputs per request.</summary>
    public const int DefaultMaxInputs = 2048;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };


    private EmbeddingsRequest(JsonDocument document, string model)
        : base(document, model)
    {
    }

    /// <summary>The <c>input</c> value as sent.</summary>
    public JsonElement Input => Root.GetProperty("input"u8);

    public EmbeddingsInputKind InputKind { get; private set; }

    /// <summary>The texts to embed, in order (empty for token input).</summary>
    public IReadOnlyList<string> Texts { get; private set; } = [];

    /// <summary>How many vectors the answer has: one per text or per token array.</summary>
    public int InputCount { get; private set; }

    /// <summary>For token input: the length of the longest token array, and all of them together.</summary>
    public int LargestTokenArray { get; private set; }

    public int TotalTokenIds { get; private set; }

    internal EmbeddingsEncoding Encoding { get; private set; }

    /// <summary>Whether the client named <c>encoding_format</c> (else OpenAI's default, float).</summary>
    public bool EncodingGiven { get; private set; }

    public int? Dimensions { get; private set; }

    public string? User { get; private set; }

    /// <summary>The gateway's <c>input_type</c>: <c>search_document</c>, <c>search_query</c>, <c>classification</c> or <c>clustering</c>.</summary>
    public string? InputType { get; private set; }

    /// <summary>The gateway's count of the input tokens (set by the pipeline before routing): billed when a provider reports none.</summary>
    public int InputTokens { get; set; }

    /// <summary>Top-level fields only the gateway reads; never sent to a provider.</summary>
    public static bool IsGatewayOnlyField(string name) => name is "models" or "provider" or "input_type";

    /// <param name="utf8Json">The body; it must outlive the request.</param>
    /// <param name="maxFallbackModels">The most entries <c>models</c> may have.</param>
    /// <param name="maxInputs">The most inputs one request may carry (400 naming <c>input</c> above).</param>
    public static EmbeddingsRequestParseResult Parse(ReadOnlyMemory<byte> utf8Json, int maxFallbackModels, int maxInputs = DefaultMaxInputs)
    {
        var error = JsonRequestHead.Read(utf8Json, DocumentOptions, refuseLoneSurrogates: false, defaultModel: null, out var document, out var model);
        var request = error is null ? new EmbeddingsRequest(document!, model!) : null;
        var (read, refused) = JsonRequestHead.Finish(request, error ?? request!.Read(maxFallbackModels, maxInputs));
        return new EmbeddingsRequestParseResult(read, refused);
    }

    private GatewayError? Read(int maxFallbackModels, int maxInputs)
    {
        var root = Root;
        if (!root.TryGetProperty("input"u8, out var input))
        {
            return FieldChecks.Missing("input");
        }
        var error = TextOrTokensReader.Read(input, "input", refuseEmptyText: true, maxInputs, out var read);
        if (error is not null)
        {
            return error;
        }
        Texts = read.Texts;
        InputKind = read.IsTokens ? EmbeddingsInputKind.Tokens : EmbeddingsInputKind.Text;
        InputCount = read.Count;
        LargestTokenArray = read.LargestTokenArray;
        TotalTokenIds = read.TokenIds;
        foreach (var property in root.EnumerateObject())
        {
            error = ReadField(property, maxFallbackModels);
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    private GatewayError? ReadField(JsonProperty property, int maxFallbackModels)
    {
        var value = property.Value;
        if (property.NameEquals("encoding_format"u8))
        {
            return ReadEncoding(value);
        }
        if (property.NameEquals("dimensions"u8))
        {
            return ReadDimensions(value);
        }
        if (property.NameEquals("user"u8))
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                User = value.GetString();
            }
            return FieldChecks.Kind("user", value, JsonValueKind.String, "a string");
        }
        if (property.NameEquals("input_type"u8))
        {
            return ReadInputType(value);
        }
        if (property.NameEquals("models"u8))
        {
            var models = FallbackModels;
            var error = FallbackModelsReader.Read(value, maxFallbackModels, ref models);
            FallbackModels = models;
            return error;
        }
        return property.NameEquals("provider"u8) ? FieldChecks.Kind("provider", value, JsonValueKind.Object, "an object") : null;
    }

    private GatewayError? ReadEncoding(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && value.ValueEquals("float"u8))
        {
            EncodingGiven = true;
            Encoding = EmbeddingsEncoding.Numbers;
            return null;
        }
        if (value.ValueKind == JsonValueKind.String && value.ValueEquals("base64"u8))
        {
            EncodingGiven = true;
            Encoding = EmbeddingsEncoding.Base64;
            return null;
        }
        return GatewayError.InvalidRequest("Invalid value for 'encoding_format': expected 'float' or 'base64'.", "encoding_format", "invalid_value");
    }

    private GatewayError? ReadDimensions(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var dimensions) || dimensions is < 1 or > 65536)
        {
            return GatewayError.InvalidRequest("Invalid value for 'dimensions': expected an integer from 1 to 65536.", "dimensions", "invalid_value");
        }
        Dimensions = dimensions;
        return null;
    }

    private GatewayError? ReadInputType(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var name = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (name is not ("search_document" or "search_query" or "classification" or "clustering"))
        {
            return GatewayError.InvalidRequest(
                "Invalid value for 'input_type': expected 'search_document', 'search_query', 'classification' or 'clustering'.", "input_type", "invalid_value");
        }
        InputType = name;
        return null;
    }
}
