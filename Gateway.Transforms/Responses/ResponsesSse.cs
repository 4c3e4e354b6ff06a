namespace Gateway.Transforms.Responses;

/// <summary>The Responses API's SSE framing: <c>event: {type}</c> and one <c>data:</c> line per event.</summary>
internal static class ResponsesSse
{
    public static void WriteEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> json)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("event: "u8);
        output.Write(type);
        output.Write("\ndata: "u8);
        output.Write(json);
        output.Write("\n\n"u8);
    }
}
