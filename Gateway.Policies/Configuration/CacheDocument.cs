namespace Gateway.Policies.Configuration;

/// <summary>An alias's response cache in config (<c>Models:NAME:Cache</c>); absent, the alias is not cached.</summary>
public sealed class CacheDocument
{
    /// <summary>How long an answer is kept, in seconds (1 to 30 days); required.</summary>
    public int? TtlSeconds { get; set; }

    /// <summary>Also cache requests that sample (<c>temperature</c> above 0 or not set); default false.</summary>
    public bool? CacheNonDeterministic { get; set; }
}
