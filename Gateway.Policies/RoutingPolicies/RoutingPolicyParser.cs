using System.Globalization;
using System.Text.Json;
using Gateway.Policies.Strategies;
using Gateway.Policies.Vocabulary;

namespace Gateway.Policies.RoutingPolicies;

/// <summary>
/// Builds a <see cref="RoutingPolicy"/> from a <c>routing_policies</c> row: its <c>type</c> text and its
/// <c>rules</c> jsonb. Strict — unknown fields are errors — because policies are written by operators and a typo
/// should be refused when saved, not silently ignored at request time. Every error names its JSON path.
/// </summary>
/// <remarks>
/// The rules document:
/// <code>
/// {
///   "models": ["gpt-*"],                       // optional: requested models the policy applies to
///   "parameters": { "epsilon": 0.1 },          // optional: strategy tunables (non-deterministic types)
///   "rules": [                                 // deterministic only: first match wins
///     { "name": "long prompts",
///       "when": { "model": "gpt-*", "key": "...", "org": "...", "team": "...", "environment": "...",
///                 "tools": true, "vision": false, "prompt_tokens_above": 100000, "headers": { "x-tier": "gold" } },
///       "targets": ["long-context", "anthropic/claude-sonnet-4-5"],
///       "strategy": "cost", "parameters": { } } ],
///   "default": { "targets": ["gpt-4o-mini"], "strategy": "failover" }   // deterministic only, optional
/// }
/// </code>
/// Parameters: <c>epsilon</c>, <c>stale_after_seconds</c>, <c>latency_metric</c> (auto, ttft, total),
/// <c>cost_weight</c>, <c>latency_weight</c>, <c>error_weight</c>, <c>default_output_tokens</c>.
/// </remarks>
public static class RoutingPolicyParser
{
    /// <summary>Parses a policy whose type is still a word (as the admin API receives it).</summary>
    public static RoutingPolicyParseResult Parse(
        string id, string name, Scope scope, int priority, string type, JsonElement rules, bool active = true)
    {
        if (!Words.PolicyTypes.TryParse(type, out var policyType))
        {
            return new RoutingPolicyParseResult(null, [$"type: '{type}' is not one of {Words.PolicyTypes.List}."]);
        }
        return Parse(id, name, scope, priority, policyType, rules, active);
    }

    public static RoutingPolicyParseResult Parse(
        string id, string name, Scope scope, int priority, RoutingPolicyType policyType, JsonElement rules, bool active = true)
    {
        var type = Words.PolicyTypes.Word(policyType);
        var errors = new List<string>();
        if (rules.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            rules = EmptyObject();
        }
        if (rules.ValueKind != JsonValueKind.Object)
        {
            errors.Add("rules: must be an object.");
            return new RoutingPolicyParseResult(null, errors);
        }

        IReadOnlyList<GlobPattern> models = [];
        var parameters = StrategyParameters.Default;
        var ruleList = new List<DeterministicRule>();
        RuleTargets? fallback = null;
        var sawRules = false;
        foreach (var property in rules.EnumerateObject())
        {
            switch (property.Name)
            {
                case "models":
                    models = ReadGlobs(property.Value, "rules.models", errors);
                    break;
                case "parameters":
                    parameters = ReadParameters(property.Value, "rules.parameters", errors);
                    break;
                case "rules" when policyType == RoutingPolicyType.Deterministic:
                    sawRules = true;
                    ReadRules(property.Value, ruleList, errors);
                    break;
                case "default" when policyType == RoutingPolicyType.Deterministic:
                    fallback = ReadTargets(property.Value, "rules.default", errors);
                    break;
                default:
                    errors.Add($"rules.{property.Name}: is not a field of a {type} policy.");
                    break;
            }
        }
        if (policyType == RoutingPolicyType.Deterministic && !sawRules && fallback is null)
        {
            errors.Add("rules.rules: a deterministic policy needs rules or a default.");
        }
        if (errors.Count > 0)
        {
            return new RoutingPolicyParseResult(null, errors);
        }

        var deterministic = policyType == RoutingPolicyType.Deterministic ? new DeterministicRules(ruleList, fallback) : null;
        return new RoutingPolicyParseResult(
            new RoutingPolicy(id, name, scope, priority, policyType, models, parameters, deterministic, active), errors);
    }

    /// <summary>Reads a strategy name as config and policies write it (<c>failover</c>, <c>weighted</c>, ...).</summary>
    public static bool TryParseStrategy(string? text, out RoutingStrategy strategy) => Words.Strategies.TryParse(text, out strategy);

    /// <summary>Reads <c>parameters</c>; shared with config so both accept the same names.</summary>
    public static StrategyParameters ReadParameters(JsonElement value, string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object.");
            return StrategyParameters.Default;
        }
        var parameters = StrategyParameters.Default;
        foreach (var property in value.EnumerateObject())
        {
            var field = $"{path}.{property.Name}";
            var v = property.Value;
            switch (property.Name)
            {
                case "epsilon" when Number(v, field, 0, 1, errors) is { } epsilon:
                    parameters = parameters with { Epsilon = epsilon };
                    break;
                case "stale_after_seconds" when Number(v, field, 0.001, 86400, errors) is { } seconds:
                    parameters = parameters with { StaleAfter = TimeSpan.FromSeconds(seconds) };
                    break;
                case "cost_weight" when Number(v, field, 0, 1000, errors) is { } weight:
                    parameters = parameters with { CostWeight = weight };
                    break;
                case "latency_weight" when Number(v, field, 0, 1000, errors) is { } weight:
                    parameters = parameters with { LatencyWeight = weight };
                    break;
                case "error_weight" when Number(v, field, 0, 1000, errors) is { } weight:
                    parameters = parameters with { ErrorWeight = weight };
                    break;
                case "default_output_tokens" when Number(v, field, 1, int.MaxValue, errors) is { } tokens:
                    parameters = parameters with { DefaultOutputTokens = (int)tokens };
                    break;
                case "latency_metric":
                    if (TryParseMetric(v, out var metric))
                    {
                        parameters = parameters with { LatencyMetric = metric };
                    }
                    else
                    {
                        errors.Add($"{field}: must be one of auto, ttft, total.");
                    }
                    break;
                case "epsilon" or "stale_after_seconds" or "cost_weight" or "latency_weight" or "error_weight" or "default_output_tokens":
                    break; // Number() reported the error
                default:
                    errors.Add($"{field}: is not a strategy parameter (epsilon, stale_after_seconds, latency_metric, cost_weight, latency_weight, error_weight, default_output_tokens).");
                    break;
            }
        }
        return parameters;
    }

    private static bool TryParseMetric(JsonElement value, out LatencyMetric metric)
    {
        metric = LatencyMetric.Auto;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        switch (value.GetString())
        {
            case "auto":
                return true;
            case "ttft":
                metric = LatencyMetric.TimeToFirstToken;
                return true;
            case "total":
                metric = LatencyMetric.Total;
                return true;
            default:
                return false;
        }
    }

    private static double? Number(JsonElement value, string path, double min, double max, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: must be a number within [{min}, {max}]."));
            return null;
        }
        return number;
    }

    private static void ReadRules(JsonElement value, List<DeterministicRule> rules, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("rules.rules: must be an array.");
            return;
        }
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"rules.rules[{index}]";
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: must be an object.");
                continue;
            }
            var name = $"#{index - 1}";
            var when = RuleCondition.Always;
            foreach (var property in item.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "name":
                        if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } text)
                        {
                            name = text;
                        }
                        else
                        {
                            errors.Add($"{path}.name: must be a non-empty string.");
                        }
                        break;
                    case "when":
                        when = ReadCondition(property.Value, $"{path}.when", errors);
                        break;
                    case "targets" or "strategy" or "parameters":
                        break; // read together below
                    default:
                        errors.Add($"{path}.{property.Name}: is not a field of a rule (name, when, targets, strategy, parameters).");
                        break;
                }
            }
            var then = ReadTargets(item, path, errors);
            if (then is not null)
            {
                rules.Add(new DeterministicRule(name, when, then));
            }
        }
    }

    /// <summary>Reads <c>targets</c>, <c>strategy</c> and <c>parameters</c> of a rule or of the default.</summary>
    private static RuleTargets? ReadTargets(JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object.");
            return null;
        }
        if (!value.TryGetProperty("targets"u8, out var targets) || targets.ValueKind != JsonValueKind.Array || targets.GetArrayLength() == 0)
        {
            errors.Add($"{path}.targets: must be a non-empty array of model names (aliases or provider/model).");
            return null;
        }
        var models = new List<string>(targets.GetArrayLength());
        var i = 0;
        foreach (var target in targets.EnumerateArray())
        {
            if (target.ValueKind != JsonValueKind.String || target.GetString() is not { Length: > 0 } model || model.Any(char.IsWhiteSpace))
            {
                errors.Add($"{path}.targets[{i}]: must be a model name without white space.");
                return null;
            }
            models.Add(model);
            i++;
        }

        RoutingStrategy? strategy = null;
        if (value.TryGetProperty("strategy"u8, out var strategyElement) && strategyElement.ValueKind != JsonValueKind.Null)
        {
            if (strategyElement.ValueKind != JsonValueKind.String || !TryParseStrategy(strategyElement.GetString(), out var parsed))
            {
                errors.Add($"{path}.strategy: must be one of failover, weighted, latency, cost, hybrid, throughput.");
                return null;
            }
            strategy = parsed;
        }
        var parameters = value.TryGetProperty("parameters"u8, out var parametersElement)
            ? ReadParameters(parametersElement, $"{path}.parameters", errors)
            : StrategyParameters.Default;

        if (path == "rules.default")
        {
            foreach (var property in value.EnumerateObject())
            {
                if (property.Name is not ("targets" or "strategy" or "parameters"))
                {
                    errors.Add($"{path}.{property.Name}: is not a field of the default (targets, strategy, parameters).");
                }
            }
        }
        return new RuleTargets(models, strategy, parameters);
    }

    private static RuleCondition ReadCondition(JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object.");
            return RuleCondition.Always;
        }
        var condition = RuleCondition.Always;
        foreach (var property in value.EnumerateObject())
        {
            var field = $"{path}.{property.Name}";
            var v = property.Value;
            switch (property.Name)
            {
                case "model":
                    if (Text(v, field, errors) is { } glob)
                    {
                        condition = condition with { Model = new GlobPattern(glob) };
                    }
                    break;
                case "key":
                    condition = condition with { KeyId = Text(v, field, errors) };
                    break;
                case "org":
                    condition = condition with { OrgId = Text(v, field, errors) };
                    break;
                case "team":
                    condition = condition with { TeamId = Text(v, field, errors) };
                    break;
                case "environment":
                    condition = condition with { EnvironmentId = Text(v, field, errors) };
                    break;
                case "tools":
                    condition = condition with { Tools = Boolean(v, field, errors) };
                    break;
                case "vision":
                    condition = condition with { Vision = Boolean(v, field, errors) };
                    break;
                case "prompt_tokens_above":
                    if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var tokens) && tokens >= 0)
                    {
                        condition = condition with { PromptTokensAbove = tokens };
                    }
                    else
                    {
                        errors.Add($"{field}: must be an integer of 0 or more.");
                    }
                    break;
                case "headers":
                    condition = condition with { Headers = ReadHeaders(v, field, errors) };
                    break;
                default:
                    errors.Add($"{field}: is not a condition (model, key, org, team, environment, tools, vision, prompt_tokens_above, headers).");
                    break;
            }
        }
        return condition;
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(JsonElement value, string path, List<string> errors)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object of header name to value.");
            return headers;
        }
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name.Length == 0 || property.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{path}.{property.Name}: must be a string value for a non-empty header name.");
                continue;
            }
            headers.Add(new KeyValuePair<string, string>(property.Name, property.Value.GetString()!));
        }
        return headers;
    }

    private static string? Text(JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        errors.Add($"{path}: must be a non-empty string.");
        return null;
    }

    private static bool? Boolean(JsonElement value, string path, List<string> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        errors.Add($"{path}: must be true or false.");
        return null;
    }

    private static List<GlobPattern> ReadGlobs(JsonElement value, string path, List<string> errors)
    {
        var globs = new List<GlobPattern>();
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}: must be an array of model name patterns.");
            return globs;
        }
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Text(item, $"{path}[{i}]", errors) is { } glob)
            {
                globs.Add(new GlobPattern(glob));
            }
            i++;
        }
        return globs;
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
