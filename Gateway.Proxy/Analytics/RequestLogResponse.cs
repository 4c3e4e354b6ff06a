using Gateway.Data.Usage;
using Gateway.Proxy.Admin.Auth;

namespace Gateway.Proxy.Analytics;

/// <summary>
/// One request of the request log: the key (a database key's id or <c>config:NAME</c>) and the scope it ran in, what was
/// asked for and what served it, status, tokens, cost, timings, and the routing decision (candidates, what was dropped
/// and why) and attempts. <c>has_bodies</c> says whether <c>/bodies</c> has the stored bodies.
/// </summary>
internal sealed record RequestLogResponse(
    string Id,
    DateTimeOffset CreatedAt,
    string? Key,
    string Scope,
    string RequestedModel,
    string? Provider,
    string? ServedModel,
    int Status,
    string? ErrorCode,
    int PromptTokens,
    int CompletionTokens,
    int CachedReadTokens,
    int ReasoningTokens,
    decimal Cost,
    int LatencyMs,
    int? TtftMs,
    bool Stream,
    bool Estimated,
    string? FinishReason,
    JsonElement? RoutingDecision,
    JsonElement Attempts,
    bool HasBodies) : ApiObject("request")
{
    public static ScopeChain ChainOf(StoredRequest entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ScopeChain(entry.OrgId, entry.TeamId, entry.EnvironmentId);
    }

    public static RequestLogResponse From(StoredRequest entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Id, entry.CreatedAt, entry.KeyId?.ToString() ?? (entry.ConfigKeyId is null ? null : "config:" + entry.ConfigKeyId),
            ChainOf(entry).ToString(), entry.RequestedModel, entry.ProviderId, entry.ServedModel, entry.Status, entry.ErrorCode,
            entry.PromptTokens, entry.CompletionTokens, entry.CachedReadTokens, entry.ReasoningTokens, entry.Cost, entry.LatencyMs, entry.TtftMs,
            entry.Stream, entry.Estimated, entry.FinishReason, Parse(entry.RoutingDecision), Parse(entry.Attempts) ?? EmptyArray(), entry.HasBodies);
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement EmptyArray()
    {
        using var document = JsonDocument.Parse("[]");
        return document.RootElement.Clone();
    }
}
