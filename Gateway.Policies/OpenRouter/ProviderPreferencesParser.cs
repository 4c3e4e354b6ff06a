using System.Text.Json;

namespace Gateway.Policies.OpenRouter;

/// <summary>
/// Reads OpenRouter's <c>provider</c> object from the request. Every field it understands is validated and a bad
/// one is an error naming it (<c>provider.order[1]</c>); fields it does not use (<c>data_collection</c>,
/// <c>quantizations</c>, ...) are ignored so that requests written for OpenRouter keep working.
/// </summary>
public static class ProviderPreferencesParser
{
    private const string Prefix = "provider";

    /// <summary>Parses the value of the request's <c>provider</c> field; an absent field or JSON null is <see cref="ProviderPreferences.None"/>.</summary>
    public static ProviderPreferencesParseResult Parse(JsonElement provider)
    {
        if (provider.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return Ok(ProviderPreferences.None);
        }
        if (provider.ValueKind != JsonValueKind.Object)
        {
            return Fail(RoutingError.InvalidType(Prefix, "an object"));
        }

        IReadOnlyList<string> order = [], only = [], ignore = [];
        var allowFallbacks = true;
        var requireParameters = false;
        ProviderSort? sort = null;
        MaxPrice? maxPrice = null;
        foreach (var property in provider.EnumerateObject())
        {
            var value = property.Value;
            RoutingError? error = null;
            switch (property.Name)
            {
                case "order":
                    error = ReadNames("order", value, out order);
                    break;
                case "only":
                    error = ReadNames("only", value, out only);
                    break;
                case "ignore":
                    error = ReadNames("ignore", value, out ignore);
                    break;
                case "allow_fallbacks":
                    error = ReadBoolean("allow_fallbacks", value, true, out allowFallbacks);
                    break;
                case "require_parameters":
                    error = ReadBoolean("require_parameters", value, false, out requireParameters);
                    break;
                case "sort":
                    error = ReadSort(value, out sort);
                    break;
                case "max_price":
                    error = ReadMaxPrice(value, out maxPrice);
                    break;
            }
            if (error is not null)
            {
                return Fail(error);
            }
        }

        var preferences = new ProviderPreferences
        {
            Order = order,
            Only = only,
            Ignore = ignore,
            AllowFallbacks = allowFallbacks,
            RequireParameters = requireParameters,
            Sort = sort,
            MaxPrice = maxPrice,
        };
        return Ok(preferences.IsEmpty ? ProviderPreferences.None : preferences);
    }

    private static ProviderPreferencesParseResult Ok(ProviderPreferences preferences) => new(preferences, null);

    private static ProviderPreferencesParseResult Fail(RoutingError error) => new(null, error);

    private static RoutingError? ReadNames(string name, JsonElement value, out IReadOnlyList<string> names)
    {
        names = [];
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return RoutingError.InvalidType($"{Prefix}.{name}", "an array of provider names");
        }
        var list = new List<string>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } provider || string.IsNullOrWhiteSpace(provider))
            {
                return RoutingError.InvalidType($"{Prefix}.{name}[{index}]", "a non-empty string");
            }
            list.Add(provider);
            index++;
        }
        names = new ProviderNameList(list);
        return null;
    }

    private static RoutingError? ReadBoolean(string name, JsonElement value, bool fallback, out bool result)
    {
        result = fallback;
        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                result = true;
                return null;
            case JsonValueKind.False:
                result = false;
                return null;
            case JsonValueKind.Null:
                return null;
            default:
                return RoutingError.InvalidType($"{Prefix}.{name}", "a boolean");
        }
    }

    private static RoutingError? ReadSort(JsonElement value, out ProviderSort? sort)
    {
        sort = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return RoutingError.InvalidType($"{Prefix}.sort", "one of 'price', 'latency', 'throughput'");
        }
        if (value.ValueEquals("price"u8))
        {
            sort = ProviderSort.Price;
        }
        else if (value.ValueEquals("latency"u8))
        {
            sort = ProviderSort.Latency;
        }
        else if (value.ValueEquals("throughput"u8))
        {
            sort = ProviderSort.Throughput;
        }
        else
        {
            return RoutingError.InvalidValue($"{Prefix}.sort", $"'{value.GetString()}' is not one of 'price', 'latency', 'throughput'.");
        }
        return null;
    }

    private static RoutingError? ReadMaxPrice(JsonElement value, out MaxPrice? maxPrice)
    {
        maxPrice = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            return RoutingError.InvalidType($"{Prefix}.max_price", "an object with 'prompt' and/or 'completion' (US dollars per million tokens)");
        }
        decimal? prompt = null, completion = null;
        foreach (var property in value.EnumerateObject())
        {
            // OpenRouter also knows "request", "image" and "audio"; this gateway prices tokens only and ignores them.
            var error = property.Name switch
            {
                "prompt" => ReadPrice("prompt", property.Value, out prompt),
                "completion" => ReadPrice("completion", property.Value, out completion),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }
        maxPrice = prompt is null && completion is null ? null : new MaxPrice(prompt, completion);
        return null;
    }

    private static RoutingError? ReadPrice(string name, JsonElement value, out decimal? price)
    {
        price = null;
        var param = $"{Prefix}.max_price.{name}";
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when value.TryGetDecimal(out var number):
                if (number < 0)
                {
                    return RoutingError.InvalidValue(param, "must be 0 or more (US dollars per million tokens).");
                }
                price = number;
                return null;
            // OpenRouter's own SDKs send prices as strings ("1.5"); accept those too.
            case JsonValueKind.String when decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number,
                System.Globalization.CultureInfo.InvariantCulture, out var parsed):
                if (parsed < 0)
                {
                    return RoutingError.InvalidValue(param, "must be 0 or more (US dollars per million tokens).");
                }
                price = parsed;
                return null;
            default:
                return RoutingError.InvalidType(param, "a number (US dollars per million tokens)");
        }
    }
}
