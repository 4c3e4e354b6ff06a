namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// One decoded <c>application/vnd.amazon.eventstream</c> message: the string headers an AWS streaming API uses to
/// route it, and its payload. Every span points into the decoder's buffer or the caller's slice and is only valid
/// during the <see cref="IEventStreamSink.OnMessage"/> call.
/// </summary>
internal readonly ref struct EventStreamMessage
{
    public EventStreamMessage(
        ReadOnlySpan<byte> messageType,
        ReadOnlySpan<byte> eventType,
        ReadOnlySpan<byte> exceptionType,
        ReadOnlySpan<byte> errorCode,
        ReadOnlySpan<byte> errorMessage,
        ReadOnlySpan<byte> contentType,
        ReadOnlySpan<byte> payload)
    {
        MessageType = messageType;
        EventType = eventType;
        ExceptionType = exceptionType;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        ContentType = contentType;
        Payload = payload;
    }

    /// <summary><c>:message-type</c>: <c>event</c>, <c>exception</c> or <c>error</c>.</summary>
    public ReadOnlySpan<byte> MessageType { get; }

    /// <summary><c>:event-type</c>, for example <c>contentBlockDelta</c>.</summary>
    public ReadOnlySpan<byte> EventType { get; }

    /// <summary><c>:exception-type</c>, for example <c>throttlingException</c>.</summary>
    public ReadOnlySpan<byte> ExceptionType { get; }

    /// <summary><c>:error-code</c> of a <c>:message-type error</c> message.</summary>
    public ReadOnlySpan<byte> ErrorCode { get; }

    /// <summary><c>:error-message</c> of a <c>:message-type error</c> message.</summary>
    public ReadOnlySpan<byte> ErrorMessage { get; }

    /// <summary><c>:content-type</c>, for example <c>application/json</c>.</summary>
    public ReadOnlySpan<byte> ContentType { get; }

    public ReadOnlySpan<byte> Payload { get; }
}
