namespace Gateway.Policies.OpenRouter;

/// <summary>Either the preferences or a 400-style error naming the field.</summary>
public sealed record ProviderPreferencesParseResult(ProviderPreferences? Preferences, RoutingError? Error);
