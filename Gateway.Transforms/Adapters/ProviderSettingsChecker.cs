using System.Globalization;

namespace Gateway.Transforms.Adapters;

/// <summary>
/// Checks a provider's settings against what its adapter declares, when the config or a database row is loaded (as YARP's
/// <c>ITransformFactory.Validate</c> checks a route's transforms): an unknown name, a value of the wrong type or a missing
/// required setting is an issue naming the setting, so a typo fails the load rather than a request. A former spelling is
/// moved to the current name in place, with a warning.
/// </summary>
public static class ProviderSettingsChecker
{
    public static IReadOnlyList<ProviderSettingIssue> Check(IReadOnlyList<ProviderSetting> declared, IDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(settings);
        var issues = new List<ProviderSettingIssue>();
        foreach (var setting in declared)
        {
            if (setting.FormerName is { } former && TryGet(settings, former, out var formerName, out var formerValue))
            {
                settings.Remove(formerName);
                if (TryGet(settings, setting.Name, out _, out _))
                {
                    issues.Add(new ProviderSettingIssue(formerName, $"is the former name of {setting.Name}, which is also set; it is ignored.", IsWarning: true));
                }
                else
                {
                    settings[setting.Name] = formerValue;
                    issues.Add(new ProviderSettingIssue(formerName, $"is deprecated: name it {setting.Name}.", IsWarning: true));
                }
            }
        }

        foreach (var (name, value) in settings)
        {
            var setting = Find(declared, name);
            if (setting is null)
            {
                issues.Add(new ProviderSettingIssue(name, declared.Count == 0
                    ? "is not a setting of this provider kind, which has none."
                    : $"is not a setting of this provider kind (known: {string.Join(", ", declared.Select(s => s.Name))})."));
                continue;
            }
            if (TypeError(setting, value) is { } error)
            {
                issues.Add(new ProviderSettingIssue(name, error));
            }
        }

        foreach (var setting in declared)
        {
            var present = TryGet(settings, setting.Name, out _, out _);
            if (setting.Required && !present)
            {
                issues.Add(new ProviderSettingIssue(setting.Name, "is required for this provider kind."));
            }
            else if (present && setting.RequiresSetting is { } other && !TryGet(settings, other, out _, out _))
            {
                issues.Add(new ProviderSettingIssue(other, $"is required when {setting.Name} is set."));
            }
        }
        return issues;
    }

    /// <summary>The declaration of <paramref name="name"/>, compared without regard to case; null when undeclared.</summary>
    public static ProviderSetting? Find(IReadOnlyList<ProviderSetting> declared, string name)
    {
        ArgumentNullException.ThrowIfNull(declared);
        foreach (var setting in declared)
        {
            if (string.Equals(setting.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return setting;
            }
        }
        return null;
    }

    private static string? TypeError(ProviderSetting setting, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "must not be blank.";
        }
        return setting.Type switch
        {
            ProviderSettingType.Boolean when !bool.TryParse(value, out _) => $"must be true or false (got '{Shown(setting, value)}').",
            ProviderSettingType.Choice when !setting.Choices.Contains(value, StringComparer.OrdinalIgnoreCase) =>
                string.Create(CultureInfo.InvariantCulture, $"must be one of {string.Join(", ", setting.Choices)} (got '{Shown(setting, value)}')."),
            _ => null,
        };
    }

    // A secret's value never goes into a message.
    private static string Shown(ProviderSetting setting, string value) => setting.Secret ? "***" : value;

    private static bool TryGet(IDictionary<string, string> settings, string name, out string key, out string value)
    {
        foreach (var (candidate, candidateValue) in settings)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                key = candidate;
                value = candidateValue;
                return true;
            }
        }
        key = string.Empty;
        value = string.Empty;
        return false;
    }
}
