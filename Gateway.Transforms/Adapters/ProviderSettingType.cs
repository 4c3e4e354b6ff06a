namespace Gateway.Transforms.Adapters;

/// <summary>The value a provider setting takes (settings arrive as text from the config file and the database alike).</summary>
public enum ProviderSettingType
{
    /// <summary>Any non-blank text.</summary>
    Text,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>One of the setting's <see cref="ProviderSetting.Choices"/>.</summary>
    Choice,
}
