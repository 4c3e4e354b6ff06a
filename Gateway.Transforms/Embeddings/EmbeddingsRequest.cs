using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;

namespace Gateway.Transforms.Embeddings;

/// <summary>
/// A validated OpenAI embeddings request (<c>POST /v1/embeddings</c>): <c>model</c>, <c>input</c> (a string, strings, token
/// ids or arrays of token ids), <c>encoding_format</c>, <c>dimensions</c>, <c>user</c>; OpenRouter's <c>models</c> and
/// <c>provider</c>; and the gateway's <c>input_type</c> (Cohere's names, also mapped to Gemini's task type), which is never
/// sent to OpenAI-compatible providers. Holds the parsed document over the caller's buffer, which must outlive it.
/// </summary>
public sealed class EmbeddingsRequest : IGatewayRequest
{
    /// <summary>OpenAI's own limit on inputs per request.</summary>
    public const int DefaultMaxInputs = 2048;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private readonly JsonDocument _document;

    private EmbeddingsRequest(JsonDocument document, string model)
    {
        _document = document;
        Model = model;
    }

    public string Model { get; }

    public IReadOnlyList<string> FallbackModels { get; private set; } = [];

    public bool Stream => false;

    public JsonElement Root => _document.RootElement;

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
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            return Fail(GatewayError.InvalidRequest("We could not parse the JSON body of your request: it is not valid UTF-8."));
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Fail(GatewayError.InvalidRequest($"We could not parse the JSON body of your request: {ex.Message}"));
        }
        var request = document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("model"u8, out var model) && model.ValueKind == JsonValueKind.String
            && model.GetString() is { Length: > 0 } name
                ? new EmbeddingsRequest(document, name)
                : null;
        var error = request is null ? ModelError(document.RootElement) : request.Read(maxFallbackModels, maxInputs);
        if (error is not null)
        {
            document.Dispose();
            return Fail(error);
        }
        return new EmbeddingsRequestParseResult(request, null);
    }

    public void Dispose() => _document.Dispose();

    private static EmbeddingsRequestParseResult Fail(GatewayError error) => new(null, error);

    private static GatewayError ModelError(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest("The request body must be a JSON object.");
        }
        return root.TryGetProperty("model"u8, out _)
            ? InvalidType("model", "a non-empty string")
            : GatewayError.InvalidRequest("Missing required parameter: 'model'.", "model", "missing_required_parameter");
    }

    private GatewayError? Read(int maxFallbackModels, int maxInputs)
    {
        var root = Root;
        if (!root.TryGetProperty("input"u8, out var input))
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        }
        var error = ReadInput(input, maxInputs);
        if (error is not null)
        {
            return error;
        }
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            error = property.Name switch
            {
                "encoding_format" => ReadEncoding(value),
                "dimensions" => ReadDimensions(value),
                "user" => ReadUser(value),
                "input_type" => ReadInputType(value),
                "models" => ReadModels(value, maxFallbackModels),
                "provider" => value.ValueKind is JsonValueKind.Object or JsonValueKind.Null ? null : InvalidType("provider", "an object"),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    private GatewayError? ReadInput(JsonElement input, int maxInputs)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            if (input.GetString() is not { Length: > 0 } text)
            {
                return GatewayError.InvalidRequest("'input' cannot be an empty string.", "input", "invalid_value");
            }
            Texts = [text];
            InputCount = 1;
            return null;
        }
        if (input.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("input", "a string, an array of strings, an array of token ids or an array of arrays of token ids");
        }
        var count = input.GetArrayLength();
        if (count == 0)
        {
            return GatewayError.InvalidRequest("'input' must not be empty.", "input", "invalid_value");
        }
        if (count > maxInputs)
        {
            return GatewayError.InvalidRequest($"'input' may hold at most {maxInputs} items; this one has {count}.", "input", "invalid_value");
        }
        var first = input[0].ValueKind;
        return first switch
        {
            JsonValueKind.String => ReadTexts(input, count),
            JsonValueKind.Number => ReadTokenArray(input, "input", out var length) ?? SetTokens(1, length, length),
            JsonValueKind.Array => ReadTokenArrays(input, count),
            _ => InvalidType("input[0]", "a string, a token id or an array of token ids"),
        };
    }

    private GatewayError? ReadTexts(JsonElement input, int count)
    {
        var texts = new string[count];
        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return InvalidType($"input[{i}]", "a string, as every other item of 'input'");
            }
            if (item.GetString() is not { Length: > 0 } text)
            {
                return GatewayError.InvalidRequest($"'input[{i}]' cannot be an empty string.", $"input[{i}]", "invalid_value");
            }
            texts[i++] = text;
        }
        Texts = texts;
        InputCount = count;
        return null;
    }

    private GatewayError? ReadTokenArrays(JsonElement input, int count)
    {
        int largest = 0, total = 0, i = 0;
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array)
            {
                return InvalidType($"input[{i}]", "an array of token ids, as every other item of 'input'");
            }
            var error = ReadTokenArray(item, $"input[{i}]", out var length);
            if (error is not null)
            {
                return error;
            }
            largest = Math.Max(largest, length);
            total += length;
            i++;
        }
        return SetTokens(count, largest, total);
    }

    private static GatewayError? ReadTokenArray(JsonElement array, string param, out int length)
    {
        length = array.GetArrayLength();
        if (length == 0)
        {
            return GatewayError.InvalidRequest($"'{param}' must hold at least one token id.", param, "invalid_value");
        }
        var i = 0;
        foreach (var token in array.EnumerateArray())
        {
            if (token.ValueKind != JsonValueKind.Number || !token.TryGetInt32(out var id) || id < 0)
            {
                return InvalidType($"{param}[{i}]", "a token id (a non-negative integer)");
            }
            i++;
        }
        return null;
    }

    private GatewayError? SetTokens(int count, int largest, int total)
    {
        InputKind = EmbeddingsInputKind.Tokens;
        InputCount = count;
        LargestTokenArray = largest;
        TotalTokenIds = total;
        return null;
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

    private GatewayError? ReadUser(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return InvalidType("user", "a string");
        }
        User = value.GetString();
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

    private GatewayError? ReadModels(JsonElement value, int maxFallbackModels)
    {
        var models = FallbackModels;
        var error = FallbackModelsReader.Read(value, maxFallbackModels, ref models);
        FallbackModels = models;
        return error;
    }

    private static GatewayError InvalidType(string param, string expected) =>
        GatewayError.InvalidRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");
}
