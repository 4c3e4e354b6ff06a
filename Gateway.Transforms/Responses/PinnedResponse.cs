namespace Gateway.Transforms.Responses;

/// <summary>A response a provider made through the gateway: the provider and model that hold it, and the provider's id for it.</summary>
public sealed record PinnedResponse(string ProviderId, string Model, string ProviderResponseId);
