using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Adapters;

/// <summary>OpenRouter's <c>models</c> fallback list on a JSON request of any kind: null, or an array of non-empty names within the limit.</summary>
internal static class FallbackModelsReader
{
    /// <returns>The refusal naming the field; null when <paramref name="models"/> was read (left as is for null).</returns>
    public static GatewayError? Read(JsonElement value, int maxFallbackModels, ref IReadOnlyList<string> models)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            return FieldChecks.InvalidType("models", "an array of model names");
        }
        if (value.GetArrayLength() > maxFallbackModels)
        {
            return GatewayError.InvalidRequest($"'models' array must have {maxFallbackModels} items or fewer.", "models", "invalid_value");
        }
        var names = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } name)
            {
                return FieldChecks.InvalidType($"models[{names.Count}]", "a non-empty string");
            }
            names.Add(name);
        }
        models = names;
        return null;
    }
}
