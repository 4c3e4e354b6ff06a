namespace Gateway.Data.Keys;

/// <summary>A key and all its bindings, as a lookup by hash returns them.</summary>
public sealed record ApiKeyWithBindings(ApiKeyRecord Key, IReadOnlyList<ApiKeyBindingRecord> Bindings);
