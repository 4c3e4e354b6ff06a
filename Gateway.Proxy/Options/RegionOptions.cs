namespace Gateway.Proxy.Options;

/// <summary>Where this replica runs (<c>Gateway:Region</c>, e.g. from <c>Gateway__Region</c> in the pod spec).</summary>
internal sealed class RegionOptions
{
    public const string Section = "Gateway";

    /// <summary>Provider destinations in this region are preferred for keys that name no region of their own.</summary>
    public string? Region { get; set; }
}
