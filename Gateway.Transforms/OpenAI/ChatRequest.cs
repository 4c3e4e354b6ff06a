using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;

namespace Gateway.Transforms.OpenAI;

/// <summary>
/// A validated OpenAI chat completion request. Holds the parsed document over the caller's buffer
/// (which must outlive this object) and the few fields routing needs; adapters read the rest from <see cref="Root"/>.
/// </summary>
public sealed class ChatRequest : IGatewayRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    private readonly JsonDocument _document;

    private ChatRequest(JsonDocument document, string model)
    {
        _document = document;
        Model = model;
    }

    public JsonElement Root => _document.RootElement;

    public string Model { get; }

    public bool Stream { get; private set; }

    /// <summary><c>stream_options.include_usage</c>: whether the client wants the final usage chunk.</summary>
    public bool IncludeUsage { get; private set; }

    public int N { get; private set; } = 1;

    /// <summary><c>max_completion_tokens</c>, else <c>max_tokens</c>.</summary>
    public int? MaxTokens { get; private set; }

    public bool HasTools { get; private set; }

    public bool HasImages { get; private set; }

    /// <summary>Audio in (an <c>input_audio</c> part) or asked for out (<c>modalities</c> with <c>audio</c>).</summary>
    public bool HasAudio { get; private set; }

    public ResponseFormatKind ResponseFormat { get; private set; }

    /// <summary>OpenRouter's <c>models</c> fallback list, in order.</summary>
    public IReadOnlyList<string> FallbackModels { get; private set; } = [];

    /// <summary>OpenRouter's <c>usage: {"include": true}</c>.</summary>
    public bool UsageIncludeRequested { get; private set; }

    public int MessageCount { get; private set; }

    /// <summary>Names of top-level fields only the gateway understands; never sent upstream.</summary>
    public static bool IsGatewayOnlyField(string name) =>
        name is "models" or "provider" or "transforms" or "route" or "usage" or "plugins";

    /// <summary>How many <c>models</c> fallbacks a request may list unless the caller says otherwise.</summary>
    public const int DefaultMaxFallbackModels = 10;

    /// <param name="utf8Json">The body; it must outlive the request.</param>
    /// <param name="maxFallbackModels">The most entries OpenRouter's <c>models</c> list may have (400 naming <c>models</c> above).</param>
    public static ChatRequestParseResult Parse(ReadOnlyMemory<byte> utf8Json, int maxFallbackModels = DefaultMaxFallbackModels)
    {
        // The JSON parser checks UTF-8 only when a string is read, which would be deep inside validation or an adapter.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            return Fail("We could not parse the JSON body of your request: it is not valid UTF-8.", null);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Fail($"We could not parse the JSON body of your request: {ex.Message}", null);
        }

        var loneSurrogate = LoneSurrogateFinder.Find(utf8Json.Span);
        if (loneSurrogate >= 0)
        {
            document.Dispose();
            var param = LoneSurrogateFinder.PathAt(utf8Json.Span, loneSurrogate);
            return new ChatRequestParseResult(null, GatewayError.InvalidRequest(
                $"We could not parse the JSON body of your request: {(param is null ? "it" : $"'{param}'")} contains a \\u escape of half a UTF-16 surrogate pair without the other half, which is not Unicode text.",
                param, "invalid_value"));
        }

        var error = Validate(document.RootElement, maxFallbackModels, out var model);
        if (error is not null)
        {
            document.Dispose();
            return new ChatRequestParseResult(null, error);
        }

        var request = new ChatRequest(document, model!);
        request.ReadRoutingFields();
        return new ChatRequestParseResult(request, null);
    }

    public void Dispose() => _document.Dispose();

    private static ChatRequestParseResult Fail(string message, string? param) =>
        new(null, GatewayError.InvalidRequest(message, param));

    private static GatewayError? Validate(JsonElement root, int maxFallbackModels, out string? model)
    {
        model = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest("The request body must be a JSON object.");
        }

        if (!root.TryGetProperty("model"u8, out var modelElement))
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'model'.", "model", "missing_required_parameter");
        }
        if (modelElement.ValueKind != JsonValueKind.String || modelElement.GetString() is not { Length: > 0 } name)
        {
            return InvalidType("model", "a non-empty string");
        }
        model = name;

        if (!root.TryGetProperty("messages"u8, out var messages))
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (messages.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("messages", "an array");
        }
        if (messages.GetArrayLength() == 0)
        {
            return GatewayError.InvalidRequest("'messages' must contain at least one message.", "messages");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var messageError = ChatMessageValidator.Validate(message, index);
            if (messageError is not null)
            {
                return messageError;
            }
            index++;
        }

        return ValidateScalars(root) ?? ChatToolValidator.Validate(root) ?? ValidateResponseFormat(root) ?? ValidateRouting(root, maxFallbackModels);
    }

    private static GatewayError? ValidateScalars(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            var error = property.Name switch
            {
                "stream" or "logprobs" or "parallel_tool_calls" or "store" => ExpectBoolean(property.Name, value),
                "n" => ExpectInteger(property.Name, value, 1, 128),
                "max_tokens" or "max_completion_tokens" => ExpectInteger(property.Name, value, 1, int.MaxValue),
                "top_logprobs" => ExpectInteger(property.Name, value, 0, 20),
                "seed" => ExpectInteger(property.Name, value, long.MinValue, long.MaxValue),
                "temperature" => ExpectNumber(property.Name, value, 0, 2),
                "top_p" => ExpectNumber(property.Name, value, 0, 1),
                "presence_penalty" or "frequency_penalty" => ExpectNumber(property.Name, value, -2, 2),
                "stop" => ValidateStop(value),
                "stream_options" => ValidateStreamOptions(value),
                "user" or "reasoning_effort" or "service_tier" or "verbosity" or "prompt_cache_key" or "safety_identifier" or "route" =>
                    ExpectKind(property.Name, value, JsonValueKind.String, "a string"),
                "metadata" or "logit_bias" or "audio" or "prediction" or "web_search_options" or "reasoning" =>
                    ExpectKind(property.Name, value, JsonValueKind.Object, "an object"),
                "functions" or "plugins" => ExpectKind(property.Name, value, JsonValueKind.Array, "an array"),
                "modalities" or "transforms" => ExpectStrings(property.Name, value),
                "function_call" => value.ValueKind is JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Null
                    ? null : InvalidType("function_call", "a string or an object"),
                // OpenRouter's sampling parameters, with the ranges its API reference gives.
                "top_k" => ExpectInteger(property.Name, value, 0, int.MaxValue),
                "min_p" or "top_a" => ExpectNumber(property.Name, value, 0, 1),
                "repetition_penalty" => ExpectNumber(property.Name, value, 0, 2),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    private static GatewayError? ValidateStop(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.String:
                return null;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return InvalidType("stop", "a string or an array of strings");
                    }
                }
                return null;
            default:
                return InvalidType("stop", "a string or an array of strings");
        }
    }

    private static GatewayError? ValidateStreamOptions(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("stream_options", "an object");
        }
        if (value.TryGetProperty("include_usage"u8, out var include) && include.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return InvalidType("stream_options.include_usage", "a boolean");
        }
        return null;
    }

    private static GatewayError? ValidateResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format"u8, out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (format.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("response_format", "an object");
        }
        if (!format.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'response_format.type'.", "response_format.type", "missing_required_parameter");
        }
        if (type.ValueEquals("text"u8) || type.ValueEquals("json_object"u8))
        {
            return null;
        }
        if (!type.ValueEquals("json_schema"u8))
        {
            return GatewayError.InvalidRequest(
                $"Invalid value: '{type.GetString()}'. Supported values are: 'text', 'json_object' and 'json_schema'.", "response_format.type", "invalid_value");
        }
        if (!format.TryGetProperty("json_schema"u8, out var schema) || schema.ValueKind != JsonValueKind.Object)
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'response_format.json_schema'.", "response_format.json_schema", "missing_required_parameter");
        }
        if (!schema.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'response_format.json_schema.name'.", "response_format.json_schema.name", "missing_required_parameter");
        }
        if (schema.TryGetProperty("schema"u8, out var body) && body.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("response_format.json_schema.schema", "an object");
        }
        return null;
    }

    private static GatewayError? ValidateRouting(JsonElement root, int maxFallbackModels)
    {
        if (root.TryGetProperty("models"u8, out var models) && models.ValueKind != JsonValueKind.Null)
        {
            if (models.ValueKind != JsonValueKind.Array)
            {
                return InvalidType("models", "an array of model names");
            }
            if (models.GetArrayLength() > maxFallbackModels)
            {
                return GatewayError.InvalidRequest($"'models' array must have {maxFallbackModels} items or fewer.", "models", "invalid_value");
            }
            var i = 0;
            foreach (var item in models.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 })
                {
                    return InvalidType($"models[{i}]", "a non-empty string");
                }
                i++;
            }
        }
        if (root.TryGetProperty("provider"u8, out var provider) && provider.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return InvalidType("provider", "an object");
        }
        if (root.TryGetProperty("usage"u8, out var usage) && usage.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return InvalidType("usage", "an object");
        }
        if (usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty("include"u8, out var include)
            && include.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return InvalidType("usage.include", "a boolean");
        }
        return null;
    }

    internal static GatewayError InvalidType(string param, string expected) =>
        GatewayError.InvalidRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    private static GatewayError? ExpectKind(string name, JsonElement value, JsonValueKind kind, string expected) =>
        value.ValueKind == kind || value.ValueKind == JsonValueKind.Null ? null : InvalidType(name, expected);

    private static GatewayError? ExpectStrings(string name, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return InvalidType(name, "an array of strings");
        }
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return InvalidType($"{name}[{i}]", "a string");
            }
            i++;
        }
        return null;
    }

    private static GatewayError? ExpectBoolean(string name, JsonElement value) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null ? null : InvalidType(name, "a boolean");

    private static GatewayError? ExpectInteger(string name, JsonElement value, long min, long max)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return InvalidType(name, "an integer");
        }
        return number < min || number > max
            ? GatewayError.InvalidRequest($"Invalid value for '{name}': {number} is out of range [{min}, {max}].", name, "invalid_value")
            : null;
    }

    private static GatewayError? ExpectNumber(string name, JsonElement value, double min, double max)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            return InvalidType(name, "a number");
        }
        return number < min || number > max
            ? GatewayError.InvalidRequest($"Invalid value for '{name}': {number} is out of range [{min}, {max}].", name, "invalid_value")
            : null;
    }

    private void ReadRoutingFields()
    {
        var root = Root;
        Stream = root.TryGetProperty("stream"u8, out var stream) && stream.ValueKind == JsonValueKind.True;
        IncludeUsage = root.TryGetProperty("stream_options"u8, out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage"u8, out var include) && include.ValueKind == JsonValueKind.True;
        if (root.TryGetProperty("n"u8, out var n) && n.ValueKind == JsonValueKind.Number)
        {
            N = n.GetInt32();
        }
        if (root.TryGetProperty("max_completion_tokens"u8, out var maxCompletion) && maxCompletion.ValueKind == JsonValueKind.Number)
        {
            MaxTokens = maxCompletion.GetInt32();
        }
        else if (root.TryGetProperty("max_tokens"u8, out var maxTokens) && maxTokens.ValueKind == JsonValueKind.Number)
        {
            MaxTokens = maxTokens.GetInt32();
        }
        HasTools = root.TryGetProperty("tools"u8, out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0;
        ResponseFormat = ReadResponseFormat(root);
        UsageIncludeRequested = root.TryGetProperty("usage"u8, out var usage) && usage.ValueKind == JsonValueKind.Object
            && usage.TryGetProperty("include"u8, out var includeUsage) && includeUsage.ValueKind == JsonValueKind.True;

        var messages = root.GetProperty("messages"u8);
        MessageCount = messages.GetArrayLength();
        HasImages = ChatMessageValidator.ContainsPart(messages, "image_url"u8);
        HasAudio = ChatMessageValidator.ContainsPart(messages, "input_audio"u8) || AsksForAudio(root);

        if (root.TryGetProperty("models"u8, out var models) && models.ValueKind == JsonValueKind.Array)
        {
            var list = new List<string>(models.GetArrayLength());
            foreach (var item in models.EnumerateArray())
            {
                list.Add(item.GetString()!);
            }
            FallbackModels = list;
        }
    }

    private static bool AsksForAudio(JsonElement root)
    {
        if (!root.TryGetProperty("modalities"u8, out var modalities) || modalities.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var modality in modalities.EnumerateArray())
        {
            if (modality.ValueKind == JsonValueKind.String && modality.ValueEquals("audio"u8))
            {
                return true;
            }
        }
        return false;
    }

    private static ResponseFormatKind ReadResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format"u8, out var format) || format.ValueKind != JsonValueKind.Object
            || !format.TryGetProperty("type"u8, out var type))
        {
            return ResponseFormatKind.Text;
        }
        if (type.ValueEquals("json_object"u8))
        {
            return ResponseFormatKind.JsonObject;
        }
        return type.ValueEquals("json_schema"u8) ? ResponseFormatKind.JsonSchema : ResponseFormatKind.Text;
    }
}
