using Gateway.Policies.Resilience;

namespace Gateway.Proxy.Health;

/// <summary>A (provider, model) pair cooling down after a 429: until when, and the provider's <c>Retry-After</c> when it gave one.</summary>
internal readonly record struct ModelCooldown(TargetKey Target, DateTimeOffset Until, TimeSpan? RetryAfter);
