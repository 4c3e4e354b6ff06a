namespace Gateway.Transforms.Adapters;

/// <summary>What is wrong with one setting; a warning (a deprecated spelling) does not stop the provider from loading.</summary>
public sealed record ProviderSettingIssue(string Setting, string Message, bool IsWarning = false);
