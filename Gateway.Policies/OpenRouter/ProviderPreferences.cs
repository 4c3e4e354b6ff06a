namespace Gateway.Policies.OpenRouter;

/// <summary>
/// OpenRouter's <c>provider</c> request object, validated (see <see cref="ProviderPreferencesParser"/>). Provider
/// names are this gateway's provider ids, compared without regard to case.
/// </summary>
public sealed record ProviderPreferences
{
    public static ProviderPreferences None { get; } = new();

    /// <summary><c>order</c>: these providers are tried first, in this order; the others follow unless <see cref="AllowFallbacks"/> is false.</summary>
    public IReadOnlyList<string> Order { get; init; } = [];

    /// <summary>
    /// <c>allow_fallbacks</c> (default true). False: only the providers in <see cref="Order"/> (or <see cref="Only"/>)
    /// are used; with neither, only the first candidate of each model.
    /// </summary>
    public bool AllowFallbacks { get; init; } = true;

    /// <summary><c>only</c>: when not empty, every other provider is dropped.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary><c>ignore</c>: these providers are dropped.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary><c>sort</c>: overrides the alias's or policy's strategy.</summary>
    public ProviderSort? Sort { get; init; }

    /// <summary><c>require_parameters</c>: only candidates declared to support every feature the request uses (unknown is not enough).</summary>
    public bool RequireParameters { get; init; }

    /// <summary><c>max_price</c>: candidates priced above either side, or not priced at all, are dropped.</summary>
    public MaxPrice? MaxPrice { get; init; }

    /// <summary>True when nothing here changes routing (the common case; lets the engine skip the work).</summary>
    public bool IsEmpty => Order.Count == 0 && AllowFallbacks && Only.Count == 0 && Ignore.Count == 0
        && Sort is null && !RequireParameters && MaxPrice is null;
}
