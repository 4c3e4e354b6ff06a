namespace Gateway.Proxy.Health;

/// <summary>A destination that is out of service: until when, and why (for <c>/readyz</c>, metrics and skip reasons).</summary>
internal readonly record struct DestinationEjection(string ProviderId, string DestinationId, DateTimeOffset Until, string Reason, int TimesInARow);
