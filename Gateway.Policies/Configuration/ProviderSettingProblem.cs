namespace Gateway.Policies.Configuration;

/// <summary>What is wrong with one of a provider's settings; a warning (a deprecated spelling) still loads the provider.</summary>
public sealed record ProviderSettingProblem(string Setting, string Message, bool IsWarning = false);
