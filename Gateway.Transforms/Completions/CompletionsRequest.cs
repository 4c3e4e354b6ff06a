using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Completions;

/// <summary>
/// A validated OpenAI legacy text completion request (<c>POST /v1/completions</c>): <c>model</c>, <c>prompt</c> (a string,
/// strings, token ids or arrays of token ids), the sampling fields, <c>echo</c>, <c>logprobs</c>, <c>suffix</c>,
/// <c>best_of</c>, <c>stream</c>; OpenRouter's <c>models</c> and <c>provider</c>. Holds the parsed document over the
/// caller's buffer, which must outlive it. For a provider with no completions API it becomes a chat request
/// (<see cref="AsChat"/>): the prompt as one user message.
/// </summary>
public sealed class CompletionsRequest : JsonGatewayRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private PooledByteBufferWriter? _chatBody;
    private ChatRequestParseResult? _chat;

    private CompletionsRequest(JsonDocument document, string model)
        : base(document, model)
    {
    }

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
        var error = JsonRequestHead.Read(utf8Json, DocumentOptions, refuseLoneSurrogates: true, defaultModel: null, out var document, out var model);
        var request = error is null ? new CompletionsRequest(document!, model!) : null;
        var (read, refused) = JsonRequestHead.Finish(request, error ?? request!.Read(maxFallbackModels));
        return new CompletionsRequestParseResult(read, refused);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chat?.Request?.Dispose();
            _chatBody?.Dispose();
        }
        base.Dispose(disposing);
    }

    private GatewayError? Read(int maxFallbackModels)
    {
        var root = Root;
        if (!root.TryGetProperty("prompt"u8, out var prompt))
        {
            return FieldChecks.Missing("prompt");
        }
        var error = TextOrTokensReader.Read(prompt, "prompt", refuseEmptyText: false, int.MaxValue, out var read);
        if (error is not null)
        {
            return error;
        }
        Texts = read.Texts;
        TokenIds = read.TokenIds;
        PromptKind = (read.IsTokens, read.Count) switch
        {
            (false, 1) => CompletionsPromptKind.Text,
            (false, _) => CompletionsPromptKind.Texts,
            (true, 1) => CompletionsPromptKind.Tokens,
            (true, _) => CompletionsPromptKind.TokenArrays,
        };
        Span<char> buffer = stackalloc char[JsonPropertyNames.BufferLength];
        foreach (var property in root.EnumerateObject())
        {
            var name = JsonPropertyNames.Of(property, buffer);
            error = CheckField(name, property, maxFallbackModels);
            if (error is not null)
            {
                return error;
            }
            KeepField(name, property.Value);
        }
        return null;
    }

    private GatewayError? CheckField(ReadOnlySpan<char> name, JsonProperty property, int maxFallbackModels) => name switch
    {
        "stream" or "echo" => FieldChecks.Boolean(property),
        "n" or "best_of" => FieldChecks.Integer(property, 1, 128),
        "logprobs" => FieldChecks.Integer(property, 0, 20),
        "max_tokens" => FieldChecks.Integer(property, 0, int.MaxValue),
        "seed" => FieldChecks.Integer(property, long.MinValue, long.MaxValue),
        "temperature" => FieldChecks.Number(property, 0, 2),
        "top_p" => FieldChecks.Number(property, 0, 1),
        "presence_penalty" or "frequency_penalty" => FieldChecks.Number(property, -2, 2),
        "stop" => FieldChecks.Stop(property.Value),
        "suffix" or "user" => FieldChecks.Kind(property, JsonValueKind.String, "a string"),
        "logit_bias" or "provider" => FieldChecks.Kind(property, JsonValueKind.Object, "an object"),
        "stream_options" => FieldChecks.StreamOptions(property.Value, out _),
        "models" => ReadModels(property.Value, maxFallbackModels),
        _ => null,
    };

    /// <summary>A checked field the request reads; null leaves the value as it was.</summary>
    private void KeepField(ReadOnlySpan<char> name, JsonElement value)
    {
        switch (name)
        {
            case "stream":
                Stream = value.ValueKind == JsonValueKind.True;
                break;
            case "echo":
                Echo = value.ValueKind == JsonValueKind.True;
                break;
            case "n":
                N = Int32OrNull(value) ?? N;
                break;
            case "best_of":
                BestOf = Int32OrNull(value) ?? BestOf;
                break;
            case "logprobs":
                Logprobs = Int32OrNull(value) ?? Logprobs;
                break;
            case "max_tokens":
                MaxTokens = Int32OrNull(value) ?? MaxTokens;
                break;
            case "suffix" when value.ValueKind == JsonValueKind.String:
                Suffix = value.GetString() is { Length: > 0 } suffix ? suffix : null;
                break;
            case "stream_options" when value.ValueKind == JsonValueKind.Object && value.TryGetProperty("include_usage"u8, out var include):
                IncludeUsage = include.ValueKind == JsonValueKind.True;
                break;
        }
    }

    /// <summary>A checked integer field's value (within an int by its range); null for JSON null.</summary>
    private static int? Int32OrNull(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private GatewayError? ReadModels(JsonElement value, int maxFallbackModels)
    {
        var models = FallbackModels;
        var error = FallbackModelsReader.Read(value, maxFallbackModels, ref models);
        FallbackModels = models;
        return error;
    }
}
