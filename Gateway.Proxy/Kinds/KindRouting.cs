namespace Gateway.Proxy.Kinds;

/// <summary>What a kind tells routing about one request (the model names come from the parsed request).</summary>
internal readonly record struct KindRouting(
    RequestFeatures Features,
    int EstimatedPromptTokens,
    int? MaxOutputTokens,
    int? Dimensions = null,
    int? LargestInputTokens = null);
