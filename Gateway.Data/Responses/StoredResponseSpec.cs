namespace Gateway.Data.Responses;

/// <summary>A response to keep, with its owner: the key's organization (null for a key without one) and the key.</summary>
public sealed record StoredResponseSpec(
    string Id,
    Guid? OrgId,
    string KeyId,
    string ProviderId,
    string ServedModel,
    string? ProviderResponseId,
    bool Translated,
    string Response,
    string? Conversation);
