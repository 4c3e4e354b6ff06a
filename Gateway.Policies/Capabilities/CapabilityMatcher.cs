namespace Gateway.Policies.Capabilities;

/// <summary>
/// Decides whether a candidate can serve a request: the model's declared capabilities (catalog or config), what
/// its provider kind's adapter can express, and its context window. Unknown is not a reason to drop: a target
/// with no declared capabilities, a kind missing from the table, or no context window is kept and tried.
/// </summary>
public sealed class CapabilityMatcher
{
    // What a model declaration speaks to; MultipleChoices is a property of the provider kind's API only.
    private const RequestFeatures ModelLevel = RequestFeatures.Tools | RequestFeatures.Vision | RequestFeatures.JsonSchema | RequestFeatures.Audio;

    private readonly IReadOnlyDictionary<string, RequestFeatures> _kindFeatures;

    /// <param name="kindFeatures">
    /// Per provider kind, the features its adapter can express (the proxy maps each adapter's
    /// <c>ProviderCapabilities</c>; add <see cref="RequestFeatures.Audio"/> for kinds that carry audio). A kind
    /// missing here is not checked.
    /// </param>
    public CapabilityMatcher(IReadOnlyDictionary<string, RequestFeatures> kindFeatures)
    {
        ArgumentNullException.ThrowIfNull(kindFeatures);
        _kindFeatures = kindFeatures;
    }

    /// <summary>A matcher that checks only model declarations and context windows.</summary>
    public static CapabilityMatcher ModelsOnly { get; } = new(new Dictionary<string, RequestFeatures>());

    /// <param name="requireDeclared">
    /// OpenRouter's <c>require_parameters</c>: a target must be declared (model capabilities and provider kind known)
    /// to support every needed feature; unknown is dropped.
    /// </param>
    internal CapabilityCheck Check(RouteTarget target, RequestFeatures needed, int estimatedPromptTokens, int? maxOutputTokens, bool requireDeclared)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (needed != RequestFeatures.None)
        {
            var missing = RequestFeatures.None;
            var undeclared = false;
            if (_kindFeatures.TryGetValue(target.Provider.Kind, out var kindSupports))
            {
                missing |= needed & ~kindSupports;
            }
            else
            {
                // Unknown kind: undeclared for require_parameters when kinds are checked at all, or when only the kind could tell (n).
                undeclared = _kindFeatures.Count > 0 || (needed & RequestFeatures.MultipleChoices) != 0;
            }

            if (target.Capabilities is { } declared)
            {
                missing |= needed & ModelLevel & ~ToFeatures(declared);
            }
            else if ((needed & ModelLevel) != 0)
            {
                undeclared = true;
            }

            if (missing != RequestFeatures.None)
            {
                return new CapabilityCheck(false, DropReason.MissingCapability, missing);
            }
            if (requireDeclared && undeclared)
            {
                return new CapabilityCheck(false, DropReason.CapabilitiesNotDeclared, needed);
            }
        }

        // The window holds the prompt and the answer; without a requested max, only the prompt is known to need room.
        if (target.ContextWindow is { } window && (long)estimatedPromptTokens + (maxOutputTokens ?? 0) > window)
        {
            return new CapabilityCheck(false, DropReason.ContextWindowExceeded, RequestFeatures.None);
        }
        return CapabilityCheck.Ok;
    }

    /// <summary>The request-feature view of a model's declared capabilities.</summary>
    public static RequestFeatures ToFeatures(ModelCapabilities capabilities)
    {
        var features = RequestFeatures.None;
        if ((capabilities & ModelCapabilities.Tools) != 0)
        {
            features |= RequestFeatures.Tools;
        }
        if ((capabilities & ModelCapabilities.Vision) != 0)
        {
            features |= RequestFeatures.Vision;
        }
        if ((capabilities & ModelCapabilities.JsonSchema) != 0)
        {
            features |= RequestFeatures.JsonSchema;
        }
        if ((capabilities & ModelCapabilities.Audio) != 0)
        {
            features |= RequestFeatures.Audio;
        }
        return features;
    }

    /// <summary>The names used in errors and config: <c>tools</c>, <c>vision</c>, <c>json_schema</c>, <c>n</c>, <c>audio</c>.</summary>
    public static string Describe(RequestFeatures features)
    {
        var names = new List<string>(5);
        if ((features & RequestFeatures.Tools) != 0)
        {
            names.Add("tools");
        }
        if ((features & RequestFeatures.Vision) != 0)
        {
            names.Add("vision");
        }
        if ((features & RequestFeatures.JsonSchema) != 0)
        {
            names.Add("json_schema");
        }
        if ((features & RequestFeatures.MultipleChoices) != 0)
        {
            names.Add("n");
        }
        if ((features & RequestFeatures.Audio) != 0)
        {
            names.Add("audio");
        }
        return string.Join(", ", names);
    }

    /// <summary>The request field a missing feature comes from, for the error's <c>param</c>.</summary>
    public static string ParamOf(RequestFeatures missing)
    {
        if ((missing & RequestFeatures.Tools) != 0)
        {
            return "tools";
        }
        if ((missing & RequestFeatures.Vision) != 0)
        {
            return "messages";
        }
        if ((missing & RequestFeatures.JsonSchema) != 0)
        {
            return "response_format";
        }
        if ((missing & RequestFeatures.MultipleChoices) != 0)
        {
            return "n";
        }
        return (missing & RequestFeatures.Audio) != 0 ? "modalities" : "model";
    }
}
