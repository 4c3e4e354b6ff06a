namespace Gateway.Transforms.OpenAI;

/// <summary>What a door converter does with the parts of a chat chunk that <see cref="ChatDeltaReader"/> hands it.</summary>
internal interface IChatDeltaSink
{
    /// <summary>A non-empty text fragment, unescaped (valid until the next call).</summary>
    void OnText(ReadOnlySpan<byte> text);

    /// <summary>A non-empty reasoning fragment, unescaped (valid until the next call).</summary>
    void OnReasoning(ReadOnlySpan<byte> text);

    /// <summary>A tool-call fragment.</summary>
    void OnToolCall(in ChatToolCallDelta call);

    /// <summary>A whole answer's first choice's <c>message</c> (the reader is on it and is to be left on its last token).</summary>
    void OnMessage(ref Utf8JsonReader reader);

    /// <summary>The first choice's finish reason, unescaped.</summary>
    void OnFinishReason(ReadOnlySpan<byte> finishReason);

    /// <summary>The chunk's <c>usage</c> value: the reader is on it and is to be left on its last token.</summary>
    void OnUsage(ref Utf8JsonReader reader);

    /// <summary>The chunk's <c>error</c> value (the reader is on it); true when the stream ends there and the chunk's rest is not read.</summary>
    bool OnError(ref Utf8JsonReader reader);
}
