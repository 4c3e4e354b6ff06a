namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>Receives each whole, checksum-verified message from <see cref="EventStreamDecoder"/>.</summary>
internal interface IEventStreamSink
{
    void OnMessage(EventStreamMessage message);
}
