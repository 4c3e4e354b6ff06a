namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// JSON mode on Converse: <c>response_format</c> becomes a tool the model is made to call, and that call's input is
/// returned as the message content. The name is reserved: a client tool may not use it, so a <c>toolUse</c> with this
/// name in an answer is always the JSON reply, whole or streamed.
/// </summary>
public static class BedrockJsonResponseTool
{
    public const string Name = "gateway_json_response";

    public static ReadOnlySpan<byte> Utf8Name => "gateway_json_response"u8;
}
