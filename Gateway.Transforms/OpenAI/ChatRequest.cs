using Gateway.Transforms.Validation;

namespace Gateway.Transforms.OpenAI;

/// <summary>
/// A validated OpenAI chat completion request. Holds the parsed document over the caller's buffer
/// (which must outlive this object) and the few fields routing needs; adapters read the rest from <see cref="Root"/>.
/// </summary>
public sealed class ChatRequest : JsonGatewayRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    private ChatRequest(JsonDocument document, string model)
        : base(document, model)
    {
    }

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
        var request = error is null ? new ChatRequest(document!, model!) : null;
        var (read, refused) = JsonRequestHead.Finish(request, error ?? request!.Read(maxFallbackModels));
        return new ChatRequestParseResult(read, refused);
    }

    /// <summary>
    /// Checks and reads the body in one pass over its fields: each is checked in the body's order, and those checked
    /// after the pass or read for routing are kept (the last copy of a duplicated field, as <c>TryGetProperty</c> reads).
    /// The 400 is the first of, in this order: the messages, the first bad field, tools and tool_choice, response_format,
    /// the routing fields (<c>models</c>, <c>provider</c>, <c>usage</c>).
    /// </summary>
    private GatewayError? Read(int maxFallbackModels)
    {
        JsonElement messages = default, tools = default, toolChoice = default, format = default, models = default, provider = default, usage = default;
        JsonElement stream = default, streamOptions = default, n = default, maxCompletionTokens = default, maxTokens = default, modalities = default;
        GatewayError? fieldError = null;
        Span<char> buffer = stackalloc char[JsonPropertyNames.BufferLength];
        foreach (var property in Root.EnumerateObject())
        {
            var name = JsonPropertyNames.Of(property, buffer);
            switch (name)
            {
                case "messages":
                    messages = property.Value;
                    continue;
                case "tools":
                    tools = property.Value;
                    continue;
                case "tool_choice":
                    toolChoice = property.Value;
                    continue;
                case "response_format":
                    format = property.Value;
                    continue;
                case "models":
                    models = property.Value;
                    continue;
                case "provider":
                    provider = property.Value;
                    continue;
                case "usage":
                    usage = property.Value;
                    continue;
                case "stream":
                    stream = property.Value;
                    break;
                case "stream_options":
                    streamOptions = property.Value;
                    break;
                case "n":
                    n = property.Value;
                    break;
                case "max_completion_tokens":
                    maxCompletionTokens = property.Value;
                    break;
                case "max_tokens":
                    maxTokens = property.Value;
                    break;
                case "modalities":
                    modalities = property.Value;
                    break;
            }
            fieldError ??= ValidateField(name, property);
        }

        IReadOnlyList<string> fallbackModels = [];
        bool images = false, audio = false;
        var error = ValidateMessages(messages, ref images, ref audio) ?? fieldError ?? ChatToolValidator.Validate(tools, toolChoice) ?? ValidateResponseFormat(format)
            ?? ValidateRouting(models, provider, usage, maxFallbackModels, ref fallbackModels);
        if (error is not null)
        {
            return error;
        }
        FallbackModels = fallbackModels;
        Stream = stream.ValueKind == JsonValueKind.True;
        IncludeUsage = streamOptions.ValueKind == JsonValueKind.Object && IsTrue(streamOptions, "include_usage"u8);
        N = n.ValueKind == JsonValueKind.Number ? n.GetInt32() : 1;
        MaxTokens = maxCompletionTokens.ValueKind == JsonValueKind.Number ? maxCompletionTokens.GetInt32()
            : maxTokens.ValueKind == JsonValueKind.Number ? maxTokens.GetInt32() : null;
        HasTools = tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0;
        ResponseFormat = ReadResponseFormat(format);
        UsageIncludeRequested = usage.ValueKind == JsonValueKind.Object && IsTrue(usage, "include"u8);
        MessageCount = messages.GetArrayLength();
        HasImages = images;
        HasAudio = audio || AsksForAudio(modalities);
        return null;
    }

    private static GatewayError? ValidateMessages(JsonElement messages, ref bool images, ref bool audio)
    {
        if (messages.ValueKind == JsonValueKind.Undefined)
        {
            return FieldChecks.Missing("messages");
        }
        var error = FieldChecks.MessagesArray(messages);
        if (error is not null)
        {
            return error;
        }
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            error = ChatMessageValidator.Validate(message, index, ref images, ref audio);
            if (error is not null)
            {
                return error;
            }
            index++;
        }
        return null;
    }

    /// <summary>A field other than those checked after the pass: its type and OpenAI's (or OpenRouter's) range.</summary>
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

    private static GatewayError? ValidateResponseFormat(JsonElement format)
    {
        if (format.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        var error = FieldChecks.OutputFormat(format, "response_format", out var jsonSchema);
        if (error is not null || !jsonSchema)
        {
            return error;
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

    private static GatewayError? ValidateRouting(JsonElement models, JsonElement provider, JsonElement usage, int maxFallbackModels, ref IReadOnlyList<string> fallbackModels)
    {
        if (models.ValueKind != JsonValueKind.Undefined && FallbackModelsReader.Read(models, maxFallbackModels, ref fallbackModels) is { } error)
        {
            return error;
        }
        if (provider.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType("provider", "an object");
        }
        if (usage.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object or JsonValueKind.Null))
        {
            return FieldChecks.InvalidType("usage", "an object");
        }
        if (usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty("include"u8, out var include))
        {
            return FieldChecks.Boolean("usage.include", include);
        }
        return null;
    }

    private static bool IsTrue(JsonElement owner, ReadOnlySpan<byte> name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static bool AsksForAudio(JsonElement modalities)
    {
        if (modalities.ValueKind != JsonValueKind.Array)
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

    private static ResponseFormatKind ReadResponseFormat(JsonElement format)
    {
        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type"u8, out var type))
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
