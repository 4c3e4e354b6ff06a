using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;

namespace Gateway.Transforms.Completions;

/// <summary>
/// A validated OpenAI legacy text completion request (<c>POST /v1/completions</c>): <c>model</c>, <c>prompt</c> (a string,
/// strings, token ids or arrays of token ids), the sampling fields, <c>echo</c>, <c>logprobs</c>, <c>suffix</c>,
/// <c>best_of</c>, <c>stream</c>; OpenRouter's <c>models</c> and <c>provider</c>. Holds the parsed document over the
/// caller's buffer, which must outlive it. For a provider with no completions API it becomes a chat request
/// (<see cref="AsChat"/>): the prompt as one user message.
/// </summary>
public sealed class CompletionsRequest : IGatewayRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private readonly JsonDocument _document;
    private PooledByteBufferWriter? _chatBody;
    private ChatRequestParseResult? _chat;

    private CompletionsRequest(JsonDocument document, string model)
    {
        _document = document;
        Model = model;
    }

    public string Model { get; }

    public IReadOnlyList<string> FallbackModels { get; private set; } = [];

    public bool Stream { get; private set; }

    public JsonElement Root => _document.RootElement;

    public CompletionsPromptKind PromptKind { get; private set; }

    /// <summary>The prompt texts (empty for token ids).</summary>
    public IReadOnlyList<string> Texts { get; private set; } = [];

    /// <summary>How many token ids the prompt carries (token prompts only).</summary>
    public int TokenIds { get; private set; }

    /// <summary><c>stream_options.include_usage</c>: whether the client wants the final usage chunk.</summary>
    public bool IncludeUsage { get; private set; }

    public int N { get; private set; } = 1;

    public int? MaxTokens { get; private set; }

    /// <summary><c>echo: true</c>: the prompt back before the completion.</summary>
    public bool Echo { get; private set; }

    /// <summary><c>logprobs</c> as sent (0 asks for the sampled token's log probability only); null when not asked.</summary>
    public int? Logprobs { get; private set; }

    /// <summary>A non-empty <c>suffix</c> (fill in the middle); null when none.</summary>
    public string? Suffix { get; private set; }

    public int BestOf { get; private set; } = 1;

    /// <summary>Top-level fields only the gateway reads; never sent to a provider.</summary>
    public static bool IsGatewayOnlyField(string name) => name is "models" or "provider";

    /// <param name="utf8Json">The body; it must outlive the request.</param>
    /// <param name="maxFallbackModels">The most entries <c>models</c> may have.</param>
    public static CompletionsRequestParseResult Parse(ReadOnlyMemory<byte> utf8Json, int maxFallbackModels)
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
        var loneSurrogate = LoneSurrogateFinder.Find(utf8Json.Span);
        if (loneSurrogate >= 0)
        {
            document.Dispose();
            var param = LoneSurrogateFinder.PathAt(utf8Json.Span, loneSurrogate);
            return Fail(GatewayError.InvalidRequest(
                $"We could not parse the JSON body of your request: {(param is null ? "it" : $"'{param}'")} contains a \\u escape of half a UTF-16 surrogate pair without the other half, which is not Unicode text.",
                param, "invalid_value"));
        }
        var request = document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("model"u8, out var model) && model.ValueKind == JsonValueKind.String
            && model.GetString() is { Length: > 0 } name
                ? new CompletionsRequest(document, name)
                : null;
        var error = request is null ? ModelError(document.RootElement) : request.Read(maxFallbackModels);
        if (error is not null)
        {
            document.Dispose();
            return Fail(error);
        }
        return new CompletionsRequestParseResult(request, null);
    }

    /// <summary>
    /// The request as one chat turn (the prompt as the user's message, the sampling fields carried over), parsed once and
    /// kept; an error when it does not make a valid chat request.
    /// </summary>
    public ChatRequestParseResult AsChat(int maxFallbackModels)
    {
        if (_chat is { } made)
        {
            return made;
        }
        _chatBody = new PooledByteBufferWriter(1024);
        CompletionsChatBody.Write(this, _chatBody);
        var parsed = ChatRequest.Parse(_chatBody.WrittenMemory, maxFallbackModels);
        _chat = parsed;
        return parsed;
    }

    public void Dispose()
    {
        _chat?.Request?.Dispose();
        _chatBody?.Dispose();
        _document.Dispose();
    }

    private static CompletionsRequestParseResult Fail(GatewayError error) => new(null, error);

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

    private GatewayError? Read(int maxFallbackModels)
    {
        var root = Root;
        if (!root.TryGetProperty("prompt"u8, out var prompt))
        {
            return GatewayError.InvalidRequest("Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter");
        }
        var error = ReadPrompt(prompt);
        if (error is not null)
        {
            return error;
        }
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            error = property.Name switch
            {
                "stream" => ReadBoolean("stream", value, flag => Stream = flag),
                "echo" => ReadBoolean("echo", value, flag => Echo = flag),
                "n" => ReadInteger("n", value, 1, 128, number => N = number),
                "best_of" => ReadInteger("best_of", value, 1, 128, number => BestOf = number),
                "logprobs" => ReadInteger("logprobs", value, 0, 20, number => Logprobs = number),
                "max_tokens" => ReadInteger("max_tokens", value, 0, int.MaxValue, number => MaxTokens = number),
                "seed" => ExpectInteger("seed", value),
                "temperature" => ExpectNumber("temperature", value, 0, 2),
                "top_p" => ExpectNumber("top_p", value, 0, 1),
                "presence_penalty" or "frequency_penalty" => ExpectNumber(property.Name, value, -2, 2),
                "stop" => ExpectStop(value),
                "suffix" => ReadSuffix(value),
                "user" => value.ValueKind is JsonValueKind.String or JsonValueKind.Null ? null : InvalidType("user", "a string"),
                "logit_bias" => value.ValueKind is JsonValueKind.Object or JsonValueKind.Null ? null : InvalidType("logit_bias", "an object"),
                "stream_options" => ReadStreamOptions(value),
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

    private GatewayError? ReadPrompt(JsonElement prompt)
    {
        if (prompt.ValueKind == JsonValueKind.String)
        {
            Texts = [prompt.GetString()!];
            PromptKind = CompletionsPromptKind.Text;
            return null;
        }
        if (prompt.ValueKind != JsonValueKind.Array)
        {
            return InvalidType("prompt", "a string, an array of strings, an array of token ids or an array of arrays of token ids");
        }
        var count = prompt.GetArrayLength();
        if (count == 0)
        {
            return GatewayError.InvalidRequest("'prompt' must not be empty.", "prompt", "invalid_value");
        }
        return prompt[0].ValueKind switch
        {
            JsonValueKind.String => ReadTexts(prompt, count),
            JsonValueKind.Number => ReadTokenArray(prompt, "prompt", out var length) ?? SetTokens(CompletionsPromptKind.Tokens, length),
            JsonValueKind.Array => ReadTokenArrays(prompt),
            _ => InvalidType("prompt[0]", "a string, a token id or an array of token ids"),
        };
    }

    private GatewayError? ReadTexts(JsonElement prompt, int count)
    {
        var texts = new string[count];
        var i = 0;
        foreach (var item in prompt.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return InvalidType($"prompt[{i}]", "a string, as every other item of 'prompt'");
            }
            texts[i++] = item.GetString()!;
        }
        Texts = texts;
        PromptKind = count == 1 ? CompletionsPromptKind.Text : CompletionsPromptKind.Texts;
        return null;
    }

    private GatewayError? ReadTokenArrays(JsonElement prompt)
    {
        int total = 0, i = 0;
        foreach (var item in prompt.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array)
            {
                return InvalidType($"prompt[{i}]", "an array of token ids, as every other item of 'prompt'");
            }
            var error = ReadTokenArray(item, $"prompt[{i}]", out var length);
            if (error is not null)
            {
                return error;
            }
            total += length;
            i++;
        }
        return SetTokens(i == 1 ? CompletionsPromptKind.Tokens : CompletionsPromptKind.TokenArrays, total);
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

    private GatewayError? SetTokens(CompletionsPromptKind kind, int total)
    {
        PromptKind = kind;
        TokenIds = total;
        return null;
    }

    private GatewayError? ReadSuffix(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return InvalidType("suffix", "a string");
        }
        Suffix = value.GetString() is { Length: > 0 } suffix ? suffix : null;
        return null;
    }

    private GatewayError? ReadStreamOptions(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return InvalidType("stream_options", "an object");
        }
        if (value.TryGetProperty("include_usage"u8, out var include))
        {
            if (include.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                return InvalidType("stream_options.include_usage", "a boolean");
            }
            IncludeUsage = include.ValueKind == JsonValueKind.True;
        }
        return null;
    }

    private GatewayError? ReadModels(JsonElement value, int maxFallbackModels)
    {
        var models = FallbackModels;
        var error = FallbackModelsReader.Read(value, maxFallbackModels, ref models);
        FallbackModels = models;
        return error;
    }

    private static GatewayError? ReadBoolean(string name, JsonElement value, Action<bool> set)
    {
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
        {
            return InvalidType(name, "a boolean");
        }
        set(value.ValueKind == JsonValueKind.True);
        return null;
    }

    private static GatewayError? ReadInteger(string name, JsonElement value, int min, int max, Action<int> set)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return InvalidType(name, "an integer");
        }
        if (number < min || number > max)
        {
            return GatewayError.InvalidRequest($"Invalid value for '{name}': {number} is out of range [{min}, {max}].", name, "invalid_value");
        }
        set((int)number);
        return null;
    }

    private static GatewayError? ExpectInteger(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _)) ? null : InvalidType(name, "an integer");

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

    private static GatewayError? ExpectStop(JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.String)
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return InvalidType("stop", "a string or an array of strings");
                }
            }
            return null;
        }
        return InvalidType("stop", "a string or an array of strings");
    }

    private static GatewayError InvalidType(string param, string expected) =>
        GatewayError.InvalidRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");
}
