namespace Gateway.Policies.Catalog;

/// <summary>What a model can do, as the catalog and config declare it.</summary>
[Flags]
public enum ModelCapabilities
{
    None = 0,
    Tools = 1,
    Vision = 2,
    JsonSchema = 4,
    Audio = 8,
}
