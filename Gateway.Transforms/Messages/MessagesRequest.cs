using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Messages;

/// <summary>
/// A validated Anthropic Messages request (<c>POST /v1/messages</c>, or its <c>count_tokens</c>). Holds the client's
/// document (what an Anthropic target is sent, untouched but for <c>model</c>) and the same request translated to the
/// gateway's chat request (<see cref="Chat"/>: what routing reads and every other provider kind's adapter writes from).
/// The Messages API has no fallback list: one model per request.
/// </summary>
public sealed class MessagesRequest : JsonGatewayRequest, IChatTranslatedRequest
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    private readonly PooledByteBufferWriter _chatBody;

    private MessagesRequest(JsonDocument document, string model, PooledByteBufferWriter chatBody, ChatRequest chat, GatewayError? untranslatable)
        : base(document, model)
    {
        _chatBody = chatBody;
        Chat = chat;
        Untranslatable = untranslatable;
        Stream = document.RootElement.TryGetProperty("stream"u8, out var stream) && stream.ValueKind == JsonValueKind.True;
    }

    /// <summary>The request as the gateway's chat request, over a buffer this object owns.</summary>
    public ChatRequest Chat { get; }

    /// <summary>
    /// Set when the request uses something only Anthropic serves (a document by URL, an image inside a tool result): the
    /// 400 every other provider kind answers; an Anthropic target is sent the request as it is.
    /// </summary>
    public GatewayError? Untranslatable { get; }

    /// <summary>The client's <c>anthropic-version</c> header, forwarded to Anthropic targets.</summary>
    public string? AnthropicVersion { get; set; }

    /// <summary>The client's <c>anthropic-beta</c> header, forwarded to Anthropic targets.</summary>
    public string? AnthropicBeta { get; set; }

    /// <param name="utf8Json">The body; it must outlive the request.</param>
    /// <param name="countTokens">A <c>count_tokens</c> body: <c>max_tokens</c> is not required.</param>
    public static MessagesRequestParseResult Parse(ReadOnlyMemory<byte> utf8Json, bool countTokens = false)
    {
        var error = JsonRequestHead.Parse(utf8Json, DocumentOptions, refuseLoneSurrogates: false, out var document);
        if (error is not null)
        {
            return Fail(error);
        }
        var root = document!.RootElement;
        var loneSurrogate = LoneSurrogateFinder.Find(utf8Json.Span);
        error = loneSurrogate >= 0
            ? GatewayError.InvalidRequest("We could not parse the JSON body of your request: it contains a \\u escape of half a UTF-16 surrogate pair.",
                LoneSurrogateFinder.PathAt(utf8Json.Span, loneSurrogate), "invalid_value")
            : MessagesValidator.Validate(root, countTokens);
        if (error is not null)
        {
            document.Dispose();
            return Fail(error);
        }

        var chatBody = new PooledByteBufferWriter(utf8Json.Length + 256);
        var untranslatable = MessagesToChatWriter.Write(root, chatBody, countTokens);
        var chat = ChatRequest.Parse(chatBody.WrittenMemory);
        if (chat.Error is not null)
        {
            // The Messages validation passed, so what the chat validation refuses is a value the translation carried over.
            chatBody.Dispose();
            document.Dispose();
            return Fail(chat.Error);
        }
        var model = root.GetProperty("model"u8).GetString()!;
        return new MessagesRequestParseResult(new MessagesRequest(document, model, chatBody, chat.Request!, untranslatable), null);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Chat.Dispose();
            _chatBody.Dispose();
        }
        base.Dispose(disposing);
    }

    private static MessagesRequestParseResult Fail(GatewayError error) => new(null, error);
}
