namespace Gateway.Policies.Catalog;

/// <summary>
/// An alias's response cache (config <c>Models:NAME:Cache</c>, or an alias row's <c>cache</c>): answers are kept for
/// <see cref="TtlSeconds"/>; requests that sample (<c>temperature</c> above 0, or none, OpenAI's default being 1) are
/// cached only with <see cref="CacheNonDeterministic"/>.
/// </summary>
public sealed record ResponseCachePolicy(int TtlSeconds, bool CacheNonDeterministic)
{
    /// <summary>The longest time to live an alias may set: 30 days.</summary>
    public const int MaxTtlSeconds = 30 * 24 * 3600;
}
