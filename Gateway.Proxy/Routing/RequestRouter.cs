using Gateway.Policies.OpenRouter;
using Gateway.Proxy.Pipeline;

namespace Gateway.Proxy.Routing;

/// <summary>
/// Decides where a parsed request goes: OpenRouter's <c>provider</c> preferences and model suffixes, the scoped
/// routing policy or the alias's strategy, capability and context-window checks, open circuits. The decision is
/// kept on the request for the attempts, the headers, the usage record and the metrics.
/// </summary>
internal sealed class RequestRouter(RoutingEngine engine)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public GatewayError? Route(HttpContext context, GatewayRequestFeature feature)
    {
        var request = feature.Parsed!;
        var snapshot = feature.Snapshot;
        var caller = feature.Key?.Scope ?? default;

        var preferences = ProviderPreferences.None;
        if (request.Root.ValueKind == JsonValueKind.Object && request.Root.TryGetProperty("provider"u8, out var provider) && provider.ValueKind != JsonValueKind.Null)
        {
            var parsed = ProviderPreferencesParser.Parse(provider);
            if (parsed.Error is { } invalid)
            {
                return RoutingErrorMapper.Map(invalid);
            }
            preferences = parsed.Preferences!;
        }

        var needs = feature.Kind.Routing(feature);
        var routing = new RoutingRequest
        {
            Model = request.Model,
            FallbackModels = request.FallbackModels,
            Kind = feature.Kind.Kind,
            Features = needs.Features,
            EstimatedPromptTokens = needs.EstimatedPromptTokens,
            MaxOutputTokens = needs.MaxOutputTokens,
            Dimensions = needs.Dimensions,
            LargestInputTokens = needs.LargestInputTokens,
            Stream = request.Stream,
            Caller = caller,
            KeyId = feature.Key?.Id,
            OrgId = caller.OrganizationId?.ToString(),
            TeamId = caller.TeamId?.ToString(),
            EnvironmentId = caller.EnvironmentId?.ToString(),
            Headers = ReferencedHeaders(context.Request, snapshot.Catalog.RoutingPolicies.ReferencedHeaders),
            Provider = preferences,
            AllowDirectModels = feature.Key?.AllowDirectModels ?? true,
        };

        var result = engine.Route(snapshot.Catalog, snapshot.Catalog.RoutingPolicies, routing);
        if (result.Error is { } error)
        {
            return RoutingErrorMapper.Map(error);
        }
        var decision = result.Decision!;
        feature.Decision = decision;
        feature.Plan = new RoutePlan { RequestedModel = decision.RequestedModel, Strategy = decision.Policy.Strategy, Candidates = decision.Candidates };
        return null;
    }

    private static IReadOnlyDictionary<string, string> ReferencedHeaders(HttpRequest request, IReadOnlySet<string> names)
    {
        if (names.Count == 0)
        {
            return NoHeaders;
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (request.Headers.TryGetValue(name, out var value) && value.Count > 0)
            {
                headers[name] = value.ToString();
            }
        }
        return headers;
    }
}
