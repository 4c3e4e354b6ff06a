using System.Text.Json;

namespace Gateway.Policies.Configuration;

/// <summary>
/// Reads a parameter mapping stored as JSON (the admin API's and the database's <c>parameter_mapping</c>:
/// <c>{"max_tokens": {"rename": "max_completion_tokens"}, "temperature": {"min": 0, "max": 1}}</c>) into the config
/// file's shape, so one parser checks both. A <c>default</c> is kept as its JSON text, so <c>"0.5"</c> stays a string.
/// </summary>
public static class ParameterMappingJson
{
    /// <returns>The rules by field, or null when <paramref name="element"/> has none or a shape error (named in <paramref name="errors"/>).</returns>
    public static Dictionary<string, ParameterRuleDocument>? Read(JsonElement element, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be a JSON object of fields.");
            return null;
        }
        var before = errors.Count;
        var rules = new Dictionary<string, ParameterRuleDocument>(StringComparer.Ordinal);
        foreach (var field in element.EnumerateObject())
        {
            var at = $"{path}.{field.Name}";
            if (field.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{at}: must be an object with rename, drop, default, min or max.");
                continue;
            }
            var rule = new ParameterRuleDocument();
            foreach (var operation in field.Value.EnumerateObject())
            {
                var value = operation.Value;
                switch (operation.Name.ToLowerInvariant())
                {
                    case "rename" when value.ValueKind == JsonValueKind.String:
                        rule.Rename = value.GetString();
                        break;
                    case "drop" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        rule.Drop = value.GetBoolean();
                        break;
                    case "default" when value.ValueKind != JsonValueKind.Null:
                        rule.Default = value.GetRawText();
                        break;
                    case "min" when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var min):
                        rule.Min = min;
                        break;
                    case "max" when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var max):
                        rule.Max = max;
                        break;
                    case "rename" or "drop" or "default" or "min" or "max":
                        errors.Add($"{at}.{operation.Name}: has the wrong type (rename: a name, drop: a boolean, min and max: numbers, default: a JSON value).");
                        break;
                    default:
                        errors.Add($"{at}.{operation.Name}: is not one of rename, drop, default, min, max.");
                        break;
                }
            }
            rules[field.Name] = rule;
        }
        return errors.Count > before ? null : rules;
    }
}
