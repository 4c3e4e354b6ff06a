using System.Text.Json;
using Gateway.Data.Records;

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

    /// <summary>The text of any JSON value, or null.</summary>
    public static string? TextOrNull(JsonElement? element) => element?.GetRawText();
}
