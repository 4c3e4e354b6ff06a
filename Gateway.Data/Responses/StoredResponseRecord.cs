namespace Gateway.Data.Responses;

/// <summary>A Responses API object the gateway keeps: who served it, the provider's id for it (passed through), its JSON, and the conversation it ends (translated).</summary>
public sealed record StoredResponseRecord(
    string Id,
    string ProviderId,
    string ServedModel,
    string? ProviderResponseId,
    bool Translated,
    string Response,
    string? Conversation);
