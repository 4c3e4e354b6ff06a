namespace Gateway.Transforms.Responses;

/// <summary>
/// The Responses API's <c>incomplete_details.reason</c> for a translated chat answer's <c>finish_reason</c>, alike for
/// a whole answer and a stream: the output cut at its limit or withheld by a filter; any other reason is complete.
/// </summary>
internal static class ResponsesIncompleteReasons
{
    /// <returns>The reason, or null when the answer is complete.</returns>
    public static string? FromFinishReason(ReadOnlySpan<byte> finishReason) =>
        finishReason.SequenceEqual("length"u8) ? "max_output_tokens"
        : finishReason.SequenceEqual("content_filter"u8) ? "content_filter"
        : null;
}
