namespace Gateway.Transforms.Adapters;

/// <summary>
/// A request billed by the gateway's count of its input tokens (embeddings, moderations): its texts are counted before
/// routing, and that count is billed when the provider reports no usage.
/// </summary>
public interface IInputTokensRequest : IGatewayRequest
{
    /// <summary>The texts to count (empty for token ids, which count themselves).</summary>
    IReadOnlyList<string> Texts { get; }

    /// <summary>The gateway's count of the input tokens (set by the pipeline before routing).</summary>
    int InputTokens { get; set; }
}
