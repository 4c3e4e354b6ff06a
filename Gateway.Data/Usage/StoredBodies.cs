namespace Gateway.Data.Usage;

/// <summary>A request's stored bodies (environments with <c>store_bodies</c>), cut at the gateway's cap when the flags say so.</summary>
public sealed record StoredBodies
{
    public string? RequestBody { get; init; }

    public string? ResponseBody { get; init; }

    public bool RequestTruncated { get; init; }

    public bool ResponseTruncated { get; init; }
}
