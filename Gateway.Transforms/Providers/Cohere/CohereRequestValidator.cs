using System.Globalization;

namespace Gateway.Transforms.Providers.Cohere;

/// <summary>
/// Rejects what a validated OpenAI request can ask for but Cohere's Chat v2 API cannot express, naming the
/// parameter, before anything is written. Ranges are Cohere's documented ones where they are narrower than OpenAI's.
/// </summary>
internal static class CohereRequestValidator
{
    public static GatewayError? Validate(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.N > 1)
        {
            return GatewayError.InvalidRequest(
                "Cohere returns one choice per request; 'n' must be 1 for this model.", "n", "unsupported_value");
        }
        var root = request.Root;
        return CheckRange(root, "temperature", 0, 1)
            ?? CheckRange(root, "frequency_penalty", 0, 1)
            ?? CheckRange(root, "presence_penalty", 0, 1)
            ?? CheckSeed(root)
            ?? CheckMessages(root.GetProperty("messages"u8));
    }

    private static GatewayError? CheckRange(JsonElement root, string name, double min, double max)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number)
        {
            return null;
        }
        var number = value.GetDouble();
        return number < min || number > max
            ? GatewayError.InvalidRequest(
                string.Create(CultureInfo.InvariantCulture, $"Cohere accepts '{name}' between {min} and {max}; got {number}."), name, "unsupported_value")
            : null;
    }

    private static GatewayError? CheckSeed(JsonElement root)
    {
        if (root.TryGetProperty("seed"u8, out var seed) && seed.ValueKind == JsonValueKind.Number && seed.GetInt64() < 0)
        {
            return GatewayError.InvalidRequest("Cohere accepts only a non-negative 'seed'.", "seed", "unsupported_value");
        }
        return null;
    }

    private static GatewayError? CheckMessages(JsonElement messages)
    {
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.GetProperty("role"u8);
            if (role.ValueEquals("function"u8))
            {
                return GatewayError.InvalidRequest(
                    "Cohere does not accept the deprecated 'function' role; send tool results as 'tool' messages.",
                    $"messages[{index}].role", "unsupported_value");
            }
            if (message.TryGetProperty("content"u8, out var content) && content.ValueKind == JsonValueKind.Array)
            {
                var error = CheckParts(content, index, allowImages: role.ValueEquals("user"u8), allowRefusal: role.ValueEquals("assistant"u8));
                if (error is not null)
                {
                    return error;
                }
            }
            index++;
        }
        return null;
    }

    private static GatewayError? CheckParts(JsonElement content, int index, bool allowImages, bool allowRefusal)
    {
        var part = 0;
        foreach (var item in content.EnumerateArray())
        {
            var type = item.GetProperty("type"u8);
            var supported = type.ValueEquals("text"u8)
                || (allowImages && type.ValueEquals("image_url"u8))
                || (allowRefusal && type.ValueEquals("refusal"u8));
            if (!supported)
            {
                return GatewayError.InvalidRequest(
                    $"Cohere does not accept '{type.GetString()}' content in this message.",
                    $"messages[{index}].content[{part}].type", "unsupported_value");
            }
            part++;
        }
        return null;
    }
}
