using Gateway.Policies.Vocabulary;
using Gateway.Proxy.Auth;
using Gateway.Proxy.Errors;
using Gateway.Transforms;

namespace Gateway.Proxy.Endpoints;

/// <summary>
/// <c>GET /v1/models</c> and <c>/v1/models/{id}</c>: OpenAI's list shape, one entry per configured model (alias)
/// the calling key may use, with OpenRouter's <c>context_length</c> and <c>pricing</c> (US dollars per token, as strings)
/// and the request kinds it serves (<c>kinds</c>: <c>chat</c>, <c>embeddings</c>, …; <c>?kind=</c> filters by one).
/// </summary>
internal static class ModelsEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", ListAsync);
        endpoints.MapGet("/v1/models/{**id}", GetAsync);
    }

    private static async Task ListAsync(HttpContext context)
    {
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        var catalog = caller.Snapshot.Catalog;
        var created = caller.Snapshot.PublishedAt.ToUnixTimeSeconds();
        // ?kind=embeddings lists only the models serving that kind.
        var wanted = RequestKinds.None;
        if (context.Request.Query.TryGetValue("kind", out var kindQuery) && !RequestKindNames.TryParse(kindQuery.ToString(), out wanted))
        {
            await ErrorResponseWriter.WriteAsync(context, GatewayError.InvalidRequest(
                $"Invalid value for 'kind': expected one of {RequestKindNames.Known}.", "kind", "invalid_value")).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("object"u8, "list"u8);
        json.WritePropertyName("data"u8);
        json.WriteStartArray();
        foreach (var route in catalog.VisibleRoutes(caller.Key.Scope).Values.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (caller.Key.MayUse(route.Name) && (wanted == RequestKinds.None || Serves(route, wanted)))
            {
                WriteModel(json, route, created);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task GetAsync(HttpContext context, string id)
    {
        var caller = context.Features.GetRequiredFeature<CallerFeature>();
        if (!caller.Snapshot.Catalog.TryGetRoute(id, caller.Key.Scope, out var route) || !caller.Key.MayUse(id))
        {
            await ErrorResponseWriter.WriteAsync(context, GatewayError.ModelNotFound(id)).ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting.Options);
        WriteModel(json, route!, caller.Snapshot.PublishedAt.ToUnixTimeSeconds());
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteModel(Utf8JsonWriter json, ModelRoute route, long created)
    {
        var primary = route.Targets[0];
        json.WriteStartObject();
        json.WriteString("id"u8, route.Name);
        json.WriteString("object"u8, "model"u8);
        json.WriteNumber("created"u8, created);
        json.WriteString("owned_by"u8, primary.Provider.Id);
        if (primary.ContextWindow is { } context)
        {
            json.WriteNumber("context_length"u8, context);
        }
        if (primary.MaxOutputTokens is { } maxOutput)
        {
            json.WritePropertyName("top_provider"u8);
            json.WriteStartObject();
            json.WriteNumber("max_completion_tokens"u8, maxOutput);
            json.WriteEndObject();
        }
        if (primary.Price is { } price)
        {
            json.WritePropertyName("pricing"u8);
            json.WriteStartObject();
            json.WriteString("prompt"u8, PerToken(price.InputPerMTok));
            json.WriteString("completion"u8, PerToken(price.OutputPerMTok));
            json.WriteString("input_cache_read"u8, PerToken(price.CachedInputPerMTok));
            json.WriteString("input_cache_write"u8, PerToken(price.CacheWritePerMTok));
            json.WriteEndObject();
        }
        if (primary.Capabilities is { } capabilities)
        {
            json.WritePropertyName("capabilities"u8);
            json.WriteStartArray();
            foreach (var name in ModelCapabilityNames.ToNames(capabilities))
            {
                json.WriteStringValue(name);
            }
            json.WriteEndArray();
        }
        // An alias serves what any of its targets serves (each request is routed to the targets serving its kind).
        var kinds = RequestKinds.None;
        foreach (var target in route.Targets)
        {
            kinds |= target.ServedKinds;
        }
        json.WritePropertyName("kinds"u8);
        json.WriteStartArray();
        foreach (var name in RequestKindNames.ToNames(kinds))
        {
            json.WriteStringValue(name);
        }
        json.WriteEndArray();
        json.WritePropertyName("providers"u8);
        json.WriteStartArray();
        foreach (var target in route.Targets)
        {
            json.WriteStringValue(target.QualifiedName);
        }
        json.WriteEndArray();
        json.WriteString("strategy"u8, Words.Strategies.Word(route.Strategy));
        json.WriteEndObject();
    }

    private static bool Serves(ModelRoute route, RequestKinds kind)
    {
        foreach (var target in route.Targets)
        {
            if ((target.ServedKinds & kind) != 0)
            {
                return true;
            }
        }
        return false;
    }

    private static string PerToken(decimal perMillion) =>
        (perMillion / 1_000_000m).ToString("0.############", CultureInfo.InvariantCulture);
}
