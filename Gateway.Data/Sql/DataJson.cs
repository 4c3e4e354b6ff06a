using Gateway.Data.Aliases;

namespace Gateway.Data.Sql;

/// <summary>JSON conversions for the jsonb columns, through the source-generated context.</summary>
internal static class DataJson
{
    public const string EmptyObject = "{}";

    public static IReadOnlyList<AliasTarget> ReadTargets(string json) =>
        JsonSerializer.Deserialize(json, DataJsonContext.Default.AliasTargetArray)
        ?? throw new JsonException("Alias targets are null.");

    public static string WriteTargets(IReadOnlyList<AliasTarget> targets) =>
        JsonSerializer.Serialize(targets.ToArray(), DataJsonContext.Default.AliasTargetArray);

    /// <summary>The text of a JSON object for a jsonb parameter; null becomes an empty object.</summary>
    public static string ObjectOrEmpty(JsonElement? element, string parameterName)
    {
        if (element is not { } value)
        {
            return EmptyObject;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"Must be a JSON object, not {value.ValueKind}.", parameterName);
        }

        return value.GetRawText();
    }

    /// <summary>A JSON object of strings (regional base URLs, secret settings); null becomes an empty object.</summary>
    public static string WriteStringMap(IEnumerable<KeyValuePair<string, string>>? map)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in map ?? [])
            {
                writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The string properties of a JSON object (others are skipped); empty for anything else.</summary>
    public static Dictionary<string, string> ReadStringMap(JsonElement element)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return map;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                map[property.Name] = property.Value.GetString()!;
            }
        }
        return map;
    }

    /// <summary>The text of any JSON value, or null.</summary>
    public static string? TextOrNull(JsonElement? element) => element?.GetRawText();
}
