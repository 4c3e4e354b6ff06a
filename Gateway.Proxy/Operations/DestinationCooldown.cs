namespace Gateway.Proxy.Operations;

/// <summary>A destination taken out of service by passive health: until when and why.</summary>
internal sealed record DestinationCooldown(DateTimeOffset Until, string Reason);
