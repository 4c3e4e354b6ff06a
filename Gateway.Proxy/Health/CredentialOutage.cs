namespace Gateway.Proxy.Health;

/// <summary>A provider account out of service because it rejected the gateway's credential this many times in a row.</summary>
internal readonly record struct CredentialOutage(string ProviderId, DateTimeOffset Until, int Rejections);
