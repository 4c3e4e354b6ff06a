using System.Text.Json;

namespace Gateway.Policies.Configuration.Sections;

/// <summary>
/// Validates a <c>ParameterMapping</c> (config target or database provider model) into a <see cref="ParameterMapping"/>;
/// every error names the field's path and the operation (<c>...:ParameterMapping:temperature:Max</c> in config,
/// <c>parameter_mapping.temperature.max</c> in the admin API, <paramref name="api"/>).
/// </summary>
public static class ParameterMappingParser
{
    public const int MaxRules = 64;

    private const int MaxPathLength = 200;

    /// <returns>The mapping, or null when there is none or it has errors (added to <paramref name="errors"/>).</returns>
    public static ParameterMapping? Parse(IReadOnlyDictionary<string, ParameterRuleDocument>? document, string path, List<string> errors, bool api = false)
    {
        var separator = api ? '.' : ':';
        string Op(string name) => separator + (api ? name.ToLowerInvariant() : name);
        ArgumentNullException.ThrowIfNull(errors);
        if (document is null || document.Count == 0)
        {
            return null;
        }
        var before = errors.Count;
        if (document.Count > MaxRules)
        {
            errors.Add($"{path}: at most {MaxRules} fields may be mapped.");
            return null;
        }
        var rules = new List<ParameterRule>();
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, entry) in document)
        {
            var at = $"{path}{separator}{field}";
            if (!IsPath(field))
            {
                errors.Add($"{at}: a field is a name or a dotted path of names (letters, digits, '_', '-'), at most {MaxPathLength} characters.");
                continue;
            }
            if (entry is null || (entry.Rename is null && entry.Drop is not true && entry.Default is null && entry.Min is null && entry.Max is null))
            {
                errors.Add($"{at}: says nothing; give Rename, Drop, Default, Min or Max.");
                continue;
            }
            var rule = new ParameterRule(field) { Drop = entry.Drop is true, Min = entry.Min, Max = entry.Max };
            if (rule.Drop && (entry.Rename is not null || entry.Default is not null || entry.Min is not null || entry.Max is not null))
            {
                errors.Add($"{at}{Op("Drop")}: a dropped field takes no Rename, Default, Min or Max.");
                continue;
            }
            if (entry.Rename is { } rename)
            {
                if (!IsName(rename))
                {
                    errors.Add($"{at}{Op("Rename")}: '{rename}' is not a field name (letters, digits, '_', '-'; renaming stays within the field's object).");
                    continue;
                }
                rule = rule with { RenameTo = rename };
            }
            if (entry.Min is { } min && entry.Max is { } max && min > max)
            {
                errors.Add($"{at}{Op("Min")}: must not be greater than Max.");
                continue;
            }
            if (entry.Default is { } text)
            {
                var json = DefaultJson(text);
                if (json is null)
                {
                    errors.Add($"{at}{Op("Default")}: must not be empty.");
                    continue;
                }
                if ((entry.Min is not null || entry.Max is not null) && Number(json) is { } number && (number < entry.Min || number > entry.Max))
                {
                    errors.Add($"{at}{Op("Default")}: lies outside Min and Max.");
                    continue;
                }
                rule = rule with { DefaultJson = json };
            }
            var output = rule.Parent.Length == 0 ? rule.OutputName : rule.Parent + "." + rule.OutputName;
            if (!rule.Drop && outputs.TryGetValue(output, out var other))
            {
                errors.Add($"{at}: writes '{output}', as '{other}' does.");
                continue;
            }
            outputs[output] = field;
            rules.Add(rule);
        }
        foreach (var rule in rules)
        {
            // A rename onto a field that has rules of its own would be ambiguous: which rules does the result follow?
            if (rule.RenameTo is not null && rule.RenameTo != rule.Name
                && document.ContainsKey(rule.Parent.Length == 0 ? rule.RenameTo : rule.Parent + "." + rule.RenameTo))
            {
                errors.Add($"{path}{separator}{rule.Path}{Op("Rename")}: '{rule.RenameTo}' has rules of its own; map it in one place.");
            }
        }
        return errors.Count > before ? null : new ParameterMapping(rules);
    }

    /// <summary>The JSON a default is written as: the text itself when it parses as JSON, else the text as a JSON string.</summary>
    public static string? DefaultJson(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return null;
        }
        try
        {
            using var parsed = JsonDocument.Parse(text);
            return parsed.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(text);
        }
    }

    private static decimal? Number(string json)
    {
        using var parsed = JsonDocument.Parse(json);
        return parsed.RootElement.ValueKind == JsonValueKind.Number && parsed.RootElement.TryGetDecimal(out var value) ? value : null;
    }

    private static bool IsPath(string path)
    {
        if (path.Length is 0 or > MaxPathLength)
        {
            return false;
        }
        foreach (var segment in path.Split('.'))
        {
            if (!IsName(segment))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsName(string name)
    {
        if (name.Length is 0 or > MaxPathLength)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }
        return true;
    }
}
