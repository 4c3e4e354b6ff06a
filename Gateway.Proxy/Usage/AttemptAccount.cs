using Gateway.Proxy.Pipeline;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Usage;

/// <summary>What one attempt sent to a provider used and cost, as <see cref="RequestAccountant"/> settled it.</summary>
internal sealed record AttemptAccount
{
    public required AttemptContext Attempt { get; init; }

    /// <summary>The provider accepted the request (a 2xx), so it bills for it; a failed attempt costs nothing.</summary>
    public bool Billed { get; init; }

    public TokenUsage Tokens { get; init; }

    /// <summary>US dollars at the price valid when the request started.</summary>
    public decimal Cost { get; init; }

    /// <summary>Some count is the gateway's estimate, not the provider's.</summary>
    public bool Estimated { get; init; }
}
