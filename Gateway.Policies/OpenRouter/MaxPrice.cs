namespace Gateway.Policies.OpenRouter;

/// <summary>OpenRouter's <c>provider.max_price</c>: US dollars per million tokens; a null side is not limited.</summary>
public sealed record MaxPrice(decimal? Prompt, decimal? Completion);
