using Gateway.Data.Aliases;
using Gateway.Policies.Vocabulary;

namespace Gateway.Proxy.Admin.Aliases;

internal sealed record AliasResponse(
    Guid Id, string Scope, string Name, string Strategy, IReadOnlyList<AliasTargetResponse> Targets, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    AliasCacheResponse? Cache) : ApiObject("model_alias")
{
    public static AliasResponse From(ModelAliasRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Scope.ToString(), record.Name, Words.Strategies.Word(record.Strategy),
            record.Targets.Select(target => new AliasTargetResponse(target.Provider, target.Model, target.Weight)).ToArray(),
            record.CreatedAt, record.UpdatedAt,
            record.CacheTtlSeconds is { } ttl ? new AliasCacheResponse(ttl, record.CacheNonDeterministic) : null);
    }
}
