using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Errors;
using Gateway.Transforms.OpenAI;

namespace Gateway.Transforms.Responses;

/// <summary>
/// A validated OpenAI Responses API request (<c>POST /v1/responses</c>). Holds the parsed document over the caller's buffer
/// (which must outlive it) and what routing and the two ways of serving it need: passed through to a provider that speaks
/// the Responses API, or translated to the gateway's chat request (<see cref="Chat"/>, built by <see cref="ResponsesChatTranslator"/>).
/// Fields only OpenAI understands are carried through untouched on pass-through; translation refuses what it cannot express.
/// </summary>
public sealed class ResponsesRequest : IGatewayRequest, IChatTranslatedRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    private readonly JsonDocument _document;
    private PooledByteBufferWriter? _chatBody;
    private bool _translated;

    private ResponsesRequest(JsonDocument document, string model)
    {
        _document = document;
        Model = model;
    }

    public string Model { get; }

    public IReadOnlyList<string> FallbackModels { get; private set; } = [];

    public bool Stream { get; private set; }

    public JsonElement Root => _document.RootElement;

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
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            return Fail("We could not parse the JSON body of your request: it is not valid UTF-8.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Fail($"We could not parse the JSON body of your request: {ex.Message}");
        }
        var loneSurrogate = LoneSurrogateFinder.Find(utf8Json.Span);
        if (loneSurrogate >= 0)
        {
            document.Dispose();
            var param = LoneSurrogateFinder.PathAt(utf8Json.Span, loneSurrogate);
            return new ResponsesRequestParseResult(null, GatewayError.InvalidRequest(
                $"We could not parse the JSON body of your request: {(param is null ? "it" : $"'{param}'")} contains a \\u escape of half a UTF-16 surrogate pair without the other half, which is not Unicode text.",
                param, "invalid_value"));
        }
        var error = ResponsesRequestValidator.Validate(document.RootElement, maxFallbackModels, out var model);
        if (error is not null)
        {
            document.Dispose();
            return new ResponsesRequestParseResult(null, error);
        }
        var request = new ResponsesRequest(document, model!);
        request.ReadFields();
        return new ResponsesRequestParseResult(request, null);
    }

    public void Dispose()
    {
        Chat?.Dispose();
        _chatBody?.Dispose();
        _document.Dispose();
    }

    private static ResponsesRequestParseResult Fail(string message) => new(null, GatewayError.InvalidRequest(message));

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
}
