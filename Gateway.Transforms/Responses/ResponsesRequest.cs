using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Responses;

/// <summary>
/// A validated OpenAI Responses API request (<c>POST /v1/responses</c>). Holds the parsed document over the caller's buffer
/// (which must outlive it) and what routing and the two ways of serving it need: passed through to a provider that speaks
/// the Responses API, or translated to the gateway's chat request (<see cref="Chat"/>, built by <see cref="ResponsesChatTranslator"/>).
/// Fields only OpenAI understands are carried through untouched on pass-through; translation refuses what it cannot express.
/// </summary>
public sealed class ResponsesRequest : JsonGatewayRequest, IChatTranslatedRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    private PooledByteBufferWriter? _chatBody;
    private bool _translated;

    private ResponsesRequest(JsonDocument document, string model)
        : base(document, model)
    {
    }

    /// <summary><c>store</c> as the client sent it; null when omitted (OpenAI's default is true).</summary>
    public bool? StoreRequested { get; private set; }

    /// <summary>Whether the answer is to be kept for <c>GET /v1/responses/{id}</c> and <c>previous_response_id</c>.</summary>
    public bool Store => StoreRequested ?? true;

    /// <summary>The gateway's id of the response this one continues, as the client sent it.</summary>
    public string? PreviousResponseId { get; private set; }

    public int? MaxOutputTokens { get; private set; }

    /// <summary>The first tool that is not a function (<c>web_search</c>, <c>file_search</c>, …) and its index; null when all are functions.</summary>
    public (string Type, int Index)? BuiltInTool { get; private set; }

    /// <summary>
    /// Set when <see cref="PreviousResponseId"/> names a response the gateway made by translation: the conversation so far
    /// (its input items and its output items, a JSON array), which stands in for <c>previous_response_id</c> on every target.
    /// </summary>
    public ReadOnlyMemory<byte>? PriorItems { get; set; }

    /// <summary>
    /// Set when <see cref="PreviousResponseId"/> names a response a provider made (passed through): only that provider and
    /// model can continue it, under the provider's own id.
    /// </summary>
    public PinnedResponse? Pinned { get; set; }

    /// <summary>The chat request this one translates to; null until <see cref="Translate"/> ran, or when it cannot be expressed.</summary>
    public ChatRequest? Chat { get; private set; }

    /// <summary>Why the request cannot be translated to chat (a client error naming the field), when it cannot.</summary>
    public GatewayError? ChatError { get; private set; }

    /// <summary>Builds <see cref="Chat"/> (once, after <see cref="PriorItems"/> is known) or <see cref="ChatError"/>.</summary>
    public void Translate(int maxFallbackModels)
    {
        if (_translated)
        {
            return;
        }
        _translated = true;
        _chatBody = new PooledByteBufferWriter(Math.Max(1024, (PriorItems?.Length ?? 0) + 1024));
        ChatError = ResponsesChatTranslator.Write(this, _chatBody);
        if (ChatError is not null)
        {
            return;
        }
        var parsed = ChatRequest.Parse(_chatBody.WrittenMemory, maxFallbackModels);
        Chat = parsed.Request;
        ChatError = parsed.Error;
    }

    public static ResponsesRequestParseResult Parse(ReadOnlyMemory<byte> utf8Json, int maxFallbackModels = ChatRequest.DefaultMaxFallbackModels)
    {
        var error = JsonRequestHead.Read(utf8Json, DocumentOptions, refuseLoneSurrogates: true, defaultModel: null, out var document, out var model);
        if (error is not null)
        {
            return new ResponsesRequestParseResult(null, error);
        }
        error = ResponsesRequestValidator.Validate(document!.RootElement, maxFallbackModels, out var fallbackModels);
        if (error is not null)
        {
            document.Dispose();
            return new ResponsesRequestParseResult(null, error);
        }
        var request = new ResponsesRequest(document, model!) { FallbackModels = fallbackModels };
        request.ReadFields();
        return new ResponsesRequestParseResult(request, null);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Chat?.Dispose();
            _chatBody?.Dispose();
        }
        base.Dispose(disposing);
    }

    private void ReadFields()
    {
        var root = Root;
        Stream = root.TryGetProperty("stream"u8, out var stream) && stream.ValueKind == JsonValueKind.True;
        if (root.TryGetProperty("store"u8, out var store) && store.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            StoreRequested = store.ValueKind == JsonValueKind.True;
        }
        if (root.TryGetProperty("previous_response_id"u8, out var previous) && previous.ValueKind == JsonValueKind.String)
        {
            PreviousResponseId = previous.GetString();
        }
        if (root.TryGetProperty("max_output_tokens"u8, out var max) && max.ValueKind == JsonValueKind.Number)
        {
            MaxOutputTokens = max.GetInt32();
        }
        if (root.TryGetProperty("tools"u8, out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                var type = tool.GetProperty("type"u8);
                if (!type.ValueEquals("function"u8))
                {
                    BuiltInTool = (type.GetString()!, index);
                    break;
                }
                index++;
            }
        }
    }
}
