namespace Gateway.Policies.Catalog;

/// <summary>The capability names used in config and the catalog file.</summary>
public static class ModelCapabilityNames
{
    public static bool TryParse(string name, out ModelCapabilities capability)
    {
        capability = name?.ToUpperInvariant() switch
        {
            "TOOLS" => ModelCapabilities.Tools,
            "VISION" => ModelCapabilities.Vision,
            "JSON_SCHEMA" => ModelCapabilities.JsonSchema,
            "AUDIO" => ModelCapabilities.Audio,
            _ => ModelCapabilities.None,
        };
        return capability != ModelCapabilities.None;
    }

    public static IReadOnlyList<string> ToNames(ModelCapabilities capabilities)
    {
        var names = new List<string>(4);
        if (capabilities.HasFlag(ModelCapabilities.Tools))
        {
            names.Add("tools");
        }
        if (capabilities.HasFlag(ModelCapabilities.Vision))
        {
            names.Add("vision");
        }
        if (capabilities.HasFlag(ModelCapabilities.JsonSchema))
        {
            names.Add("json_schema");
        }
        if (capabilities.HasFlag(ModelCapabilities.Audio))
        {
            names.Add("audio");
        }
        return names;
    }
}
