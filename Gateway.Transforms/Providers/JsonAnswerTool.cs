namespace Gateway.Transforms.Providers;

/// <summary>
/// JSON answers from providers without a response schema that works everywhere (Anthropic's Messages API, Bedrock's
/// Converse): <c>response_format</c> becomes a tool the model is made to call, whose input follows the schema, and that
/// call's input is returned as the message content, whole or streamed.
/// </summary>
/// <remarks>
/// The name is fixed rather than the schema's name because the response converters get no request state: a reserved
/// name is the only way they can tell the answer from a real tool call. Clients may not use it for a tool.
/// </remarks>
internal static class JsonAnswerTool
{
    public const string Name = "gateway_json_response";

    public static ReadOnlySpan<byte> Utf8Name => "gateway_json_response"u8;

    public static bool IsAnswer(ReadOnlySpan<byte> toolName) => toolName.SequenceEqual(Utf8Name);

    /// <summary>
    /// What a finish reason means for the client: a <c>tool_calls</c> stop whose only tool call was the answer tool is
    /// a finished JSON answer, so a stop.
    /// </summary>
    public static string FinishReason(string finishReason, bool clientToolCalled) =>
        finishReason == FinishReasons.ToolCalls && !clientToolCalled ? FinishReasons.Stop : finishReason;
}
