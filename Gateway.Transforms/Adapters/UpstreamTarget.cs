using System.Collections.Frozen;

namespace Gateway.Transforms.Adapters;

/// <summary>Everything an adapter needs to address one model at one provider account.</summary>
public sealed class UpstreamTarget
{
    public required string ProviderId { get; init; }

    public required string Kind { get; init; }

    /// <summary>The model name the provider knows (after alias resolution).</summary>
    public required string Model { get; init; }

    /// <summary>The provider credential, resolved from its <c>env:</c> reference. Never logged.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Kind-specific settings (for example <c>AnthropicVersion</c>, <c>ApiVersion</c>, <c>Region</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>Used where the provider requires a maximum output and the client gave none.</summary>
    public int? DefaultMaxTokens { get; init; }

    public string? GetSetting(string name) => Settings.TryGetValue(name, out var value) ? value : null;
}
