namespace Gateway.Transforms.Adapters;

/// <summary>
/// One setting a provider kind's adapter reads (<c>Settings</c> in config, <c>settings</c> in the admin API). A secret one
/// (<see cref="Secret"/>) is stored encrypted like the credential and never returned; <see cref="FormerName"/> is an older
/// spelling still read, with a deprecation warning.
/// </summary>
public sealed record ProviderSetting(string Name, ProviderSettingType Type)
{
    public bool Required { get; init; }

    public bool Secret { get; init; }

    /// <summary>The values a <see cref="ProviderSettingType.Choice"/> accepts (compared without regard to case).</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Another setting that must be set whenever this one is (an access key id needs its secret key).</summary>
    public string? RequiresSetting { get; init; }

    /// <summary>A name this setting had before; read as this one, with a warning.</summary>
    public string? FormerName { get; init; }
}
