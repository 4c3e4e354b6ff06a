namespace Gateway.Transforms.Sse;

/// <summary>Receives whole SSE events. The spans are valid only during the call.</summary>
internal interface ISseEventSink
{
    void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data);
}
