using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Errors;
using Gateway.Transforms.Validation;

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
    public IReadOnlyList<string> FallbackModels { get; private init; } = [];

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
        var error = JsonRequestHead.Read(utf8Json, DocumentOptions, refuseLoneSurrogates: true, defaultModel: null, out var document, out var model);
        if (error is not null)
        {
            return new ChatRequestParseResult(null, error);
        }
        error = Validate(document!.RootElement, maxFallbackModels, out var fallbackModels);
        if (error is not null)
        {
            document.Dispose();
            return new ChatRequestParseResult(null, error);
        }
        var request = new ChatRequest(document!, model!) { FallbackModels = fallbackModels };
        request.ReadRoutingFields();
        return new ChatRequestParseResult(request, null);
    }

    public void Dispose() => _document.Dispose();

    /// <summary>Everything after the model, in the order of precedence the 400s keep: messages, the other fields, tools, response_format, routing.</summary>
    private static GatewayError? Validate(JsonElement root, int maxFallbackModels, out IReadOnlyList<string> fallbackModels)
    {
        fallbackModels = [];
        if (!root.TryGetProperty("messages"u8, out var messages))
        {
            return FieldChecks.Missing("messages");
        }
        if (messages.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType("messages", "an array");
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

        return ValidateScalars(root) ?? ChatToolValidator.Validate(root) ?? ValidateResponseFormat(root) ?? ValidateRouting(root, maxFallbackModels, ref fallbackModels);
    }

    private static GatewayError? ValidateScalars(JsonElement root) => JsonPropertyNames.FirstRefused(root, ValidateField);

    /// <summary>A field other than those checked on their own: its type and OpenAI's (or OpenRouter's) range.</summary>
    private static GatewayError? ValidateField(ReadOnlySpan<char> name, JsonProperty property) => name switch
    {
        "stream" or "logprobs" or "parallel_tool_calls" or "store" => FieldChecks.Boolean(property),
        "n" => FieldChecks.Integer(property, 1, 128),
        "max_tokens" or "max_completion_tokens" => FieldChecks.Integer(property, 1, int.MaxValue),
        "top_logprobs" => FieldChecks.Integer(property, 0, 20),
        "seed" => FieldChecks.Integer(property, long.MinValue, long.MaxValue),
        "temperature" => FieldChecks.Number(property, 0, 2),
        "top_p" => FieldChecks.Number(property, 0, 1),
        "presence_penalty" or "frequency_penalty" => FieldChecks.Number(property, -2, 2),
        "stop" => FieldChecks.Stop(property.Value),
        "stream_options" => FieldChecks.StreamOptions(property.Value, out _),
        "user" or "reasoning_effort" or "service_tier" or "verbosity" or "prompt_cache_key" or "safety_identifier" or "route" =>
            FieldChecks.Kind(property, JsonValueKind.String, "a string"),
        "metadata" or "logit_bias" or "audio" or "prediction" or "web_search_options" or "reasoning" =>
            FieldChecks.Kind(property, JsonValueKind.Object, "an object"),
        "functions" or "plugins" => FieldChecks.Kind(property, JsonValueKind.Array, "an array"),
        "modalities" or "transforms" => FieldChecks.Strings(property),
        "function_call" => property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Null
            ? null : FieldChecks.InvalidType("function_call", "a string or an object"),
        // OpenRouter's sampling parameters, with the ranges its API reference gives.
        "top_k" => FieldChecks.Integer(property, 0, int.MaxValue),
        "min_p" or "top_a" => FieldChecks.Number(property, 0, 1),
        "repetition_penalty" => FieldChecks.Number(property, 0, 2),
        _ => null,
    };

    private static GatewayError? ValidateResponseFormat(JsonElement root)
    {
        if (!root.TryGetProperty("response_format"u8, out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (format.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType("response_format", "an object");
        }
        if (!format.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return FieldChecks.Missing("response_format.type");
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
            return FieldChecks.Missing("response_format.json_schema");
        }
        if (!schema.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
        {
            return FieldChecks.Missing("response_format.json_schema.name");
        }
        if (schema.TryGetProperty("schema"u8, out var body) && body.ValueKind != JsonValueKind.Object)
        {
            return FieldChecks.InvalidType("response_format.json_schema.schema", "an object");
        }
        return null;
    }

    private static GatewayError? ValidateRouting(JsonElement root, int maxFallbackModels, ref IReadOnlyList<string> fallbackModels)
    {
        if (root.TryGetProperty("models"u8, out var models) && FallbackModelsReader.Read(models, maxFallbackModels, ref fallbackModels) is { } error)
        {
            return error;
        }
        if (root.TryGetProperty("provider"u8, out var provider) && provider.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType("provider", "an object");
        }
        if (root.TryGetProperty("usage"u8, out var usage) && usage.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType("usage", "an object");
        }
        if (usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty("include"u8, out var include))
        {
            return FieldChecks.Boolean("usage.include", include);
        }
        return null;
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
