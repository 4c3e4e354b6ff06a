namespace Gateway.Policies.OpenRouter;

/// <summary>OpenRouter's <c>provider.sort</c> (and the <c>:floor</c> / <c>:nitro</c> model suffixes).</summary>
public enum ProviderSort
{
    /// <summary><c>price</c>, or the <c>:floor</c> suffix: cheapest first.</summary>
    Price,

    /// <summary><c>latency</c>: lowest recent latency first.</summary>
    Latency,

    /// <summary><c>throughput</c>, or the <c>:nitro</c> suffix: most output tokens per second first.</summary>
    Throughput,
}
