using Gateway.Data.Aliases;
using Gateway.Policies.Vocabulary;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Aliases;

/// <summary>
/// An alias's fields: a name without whitespace (clients send it as <c>model</c>), a known strategy, and 1 to 32
/// targets, each a provider id, a model and an optional weight of 0 or more. Whether the providers exist and are
/// visible from the alias's scope is <see cref="AliasTargetChecker"/>'s job.
/// </summary>
internal static class AliasValidator
{
    public const int MaxTargets = 32;

    public static ModelAliasSpec Validate(AliasRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = Fields.Scope(request.Scope, "scope");
        var name = Fields.Text(Fields.Required(request.Name, "name"), "name", Fields.MaxNameLength)!;
        if (name.Length == 0 || name.Any(char.IsWhiteSpace))
        {
            throw Fields.Invalid("name", "name must be 1 to 200 characters without spaces (clients send it as model).");
        }
        var strategy = request.Strategy is null ? RoutingStrategy.Failover : Fields.OneOf(request.Strategy, "strategy", Words.Strategies.ByWord);
        var targets = Fields.Required(request.Targets, "targets");
        if (targets.Count is 0 or > MaxTargets)
        {
            throw Fields.Invalid("targets", $"targets must list 1 to {MaxTargets} targets.");
        }
        var list = new AliasTarget[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"targets[{i}]");
            var target = Fields.Required(targets[i], path);
            var provider = Fields.Text(Fields.Required(target.Provider, path + ".provider"), path + ".provider", 63)!;
            var model = Fields.Text(Fields.Required(target.Model, path + ".model"), path + ".model", Fields.MaxNameLength)!;
            if (provider.Length == 0)
            {
                throw Fields.Invalid(path + ".provider", $"{path}.provider must not be empty.");
            }
            if (string.IsNullOrWhiteSpace(model))
            {
                throw Fields.Invalid(path + ".model", $"{path}.model must not be blank.");
            }
            if (target.Weight is < 0 or > 1_000_000)
            {
                throw Fields.Invalid(path + ".weight", $"{path}.weight must be between 0 and 1000000.");
            }
            list[i] = new AliasTarget(provider, model, target.Weight);
        }
        int? cacheTtl = null;
        if (request.Cache is { } cache)
        {
            cacheTtl = Fields.Required(cache.TtlSeconds, "cache.ttl_seconds");
            if (cacheTtl is < 1 or > ResponseCachePolicy.MaxTtlSeconds)
            {
                throw Fields.Invalid("cache.ttl_seconds", $"cache.ttl_seconds must be between 1 and {ResponseCachePolicy.MaxTtlSeconds} seconds.");
            }
        }
        return new ModelAliasSpec(scope, name, strategy, list, cacheTtl, request.Cache?.CacheNonDeterministic ?? false);
    }
}
