namespace Gateway.Transforms.Adapters;

/// <summary>The message, type and code a provider put in its error body, where it gave them.</summary>
public readonly record struct UpstreamErrorDetail(string? Message, string? Type, string? Code);
