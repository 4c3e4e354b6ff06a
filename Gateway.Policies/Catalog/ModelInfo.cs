using Gateway.Policies.Pricing;

namespace Gateway.Policies.Catalog;

/// <summary>What the shipped catalog knows about a provider model.</summary>
public sealed record ModelInfo(int? ContextWindow, int? MaxOutputTokens, ModelCapabilities? Capabilities, ModelPrice? Price);
