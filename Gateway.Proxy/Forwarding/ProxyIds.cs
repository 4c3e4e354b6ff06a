namespace Gateway.Proxy.Forwarding;

/// <summary>Names of the YARP routes, clusters and metadata the gateway generates.</summary>
internal static class ProxyIds
{
    /// <summary>The public chat completions route; its cluster is only a placeholder, every request is reassigned.</summary>
    public const string ChatRoute = "gateway-chat-completions";

    public const string PlaceholderCluster = "gateway-unassigned";

    public const string ProviderMetadata = "gateway.provider";

    public const string InternalMetadata = "gateway.internal";

    /// <summary>On a provider's cluster: a tenant admin chose its base URL, so its client connects only where <see cref="Egress.ProviderEgressPolicy"/> allows.</summary>
    public const string RestrictedEgressMetadata = "gateway.restricted-egress";

    /// <summary>Cluster metadata: the provider's requests carry the W3C trace context (<c>PropagateTraceContext</c>).</summary>
    public const string PropagateTraceMetadata = "gateway.propagate-trace";

    public static string ProviderCluster(string providerId) => "provider:" + providerId;

    public static string ProviderRoute(string providerId) => "provider-route:" + providerId;
}
