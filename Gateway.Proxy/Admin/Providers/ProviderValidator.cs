using System.Text.RegularExpressions;
using Gateway.Data.Providers;
using Gateway.Proxy.Admin.Validation;
using Gateway.Proxy.Forwarding;
using Gateway.Transforms.Adapters;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// A provider's fields, the config file's provider description in the API's words: an id the database and config keys
/// accept, a kind this build has an adapter for, http(s) API roots (one, further ones, regional ones), an active health
/// check, and the settings the kind's adapter declares, checked by the same rule as a config file's (an undeclared name,
/// a wrong type or a missing companion is a 400 naming <c>settings.Name</c>). Settings the adapter declares secret are
/// split off to be stored encrypted.
/// </summary>
internal sealed partial class ProviderValidator(ProviderAdapterRegistry adapters)
{
    public const int MaxCredentialLength = 16 * 1024;

    public const int MaxBaseUrls = 16;

    private const int MaxUrlLength = 2048;

    public (ProviderSpec Spec, ProviderSecrets Secrets) Validate(ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Fields.Required(request.Id, "id");
        if (!IdPattern().IsMatch(id))
        {
            throw Fields.Invalid("id", "id must be 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        return Spec(id, request, before: null);
    }

    /// <param name="before">The stored provider: its secret settings count as given while the write keeps them.</param>
    public (ProviderSpec Spec, ProviderSecrets Secrets) Validate(string id, ProviderUpdateRequest request, ProviderRecord before)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Spec(id, request, before);
    }

    public static string Credential(ProviderCredentialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Credential(request.Credential, "credential", required: true)!;
    }

    /// <summary>The fields a create and a replace both give; a create's <paramref name="request"/> is the replace body with the id.</summary>
    private (ProviderSpec, ProviderSecrets) Spec(string id, ProviderUpdateRequest request, ProviderRecord? before)
    {
        var kindText = Fields.Required(request.Kind, "kind");
        if (!adapters.Kinds.ContainsKey(kindText) || kindText.Any(char.IsUpper))
        {
            throw Fields.Invalid("kind", $"kind must be one of {string.Join(", ", adapters.Kinds.Keys.Order(StringComparer.Ordinal))}.");
        }
        if (request.TimeoutSeconds is <= 0 or > 3600 || (request.TimeoutSeconds is { } t && double.IsNaN(t)))
        {
            throw Fields.Invalid("timeout_seconds", "timeout_seconds must be greater than 0 and at most 3600.");
        }
        var spec = new ProviderSpec(id, kindText, Url(request.BaseUrl, "base_url"), Fields.Scope(request.Scope, "scope"), Region(request.Region), null,
            request.Enabled ?? true, request.AllowDirectModels ?? true)
        {
            BaseUrls = BaseUrls(request.BaseUrls),
            RegionalBaseUrls = RegionalBaseUrls(request.RegionalBaseUrls),
            HealthCheck = HealthCheck(request.HealthCheck),
            TimeoutSeconds = request.TimeoutSeconds,
        };
        var kept = before is not null && before.Kind == spec.Kind && before.BaseUrl == spec.BaseUrl
            && before.BaseUrls.SequenceEqual(spec.BaseUrls!) && SameMap(DataJsonMap(before.RegionalBaseUrls), spec.RegionalBaseUrls!)
            ? before.SecretSettingNames
            : [];
        var (plain, secret) = Settings(spec.Kind, request.Settings, kept);
        return (spec with { Settings = plain }, new ProviderSecrets(Credential(request.Credential, "credential", required: false), secret));
    }

    /// <summary>
    /// Checks the settings against the adapter's declarations (stored secret settings the write keeps count as present)
    /// and splits them: the plain ones as a JSON object, the secret ones as text (null when none is given).
    /// </summary>
    private (JsonElement? Plain, IReadOnlyDictionary<string, string>? Secret) Settings(string kind, JsonElement? value, IReadOnlyList<string> kept)
    {
        var element = Fields.JsonObject(value, "settings");
        var texts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (element is { } given)
        {
            foreach (var property in given.EnumerateObject())
            {
                texts[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => Fields.Text(property.Value.GetString(), "settings." + property.Name, MaxCredentialLength)!,
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw Fields.Invalid("settings." + property.Name, "A setting must be a string, number or boolean."),
                };
            }
        }
        var declared = adapters.Settings(kind);
        var checkedSettings = new Dictionary<string, string>(texts, StringComparer.OrdinalIgnoreCase);
        var givesSecret = texts.Keys.Any(name => ProviderSettingsChecker.Find(declared, name)?.Secret == true);
        if (!givesSecret)
        {
            foreach (var name in kept)
            {
                checkedSettings[name] = "***";
            }
        }
        // The API takes only the current names: a former one (Bedrock's Region) is refused with its new name.
        var issues = ProviderSettingsChecker.Check(declared, checkedSettings);
        if (issues.Count > 0)
        {
            throw Fields.Invalid("settings." + issues[0].Setting, $"settings.{issues[0].Setting} {issues[0].Message}");
        }

        var secret = new Dictionary<string, string>(StringComparer.Ordinal);
        var plain = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (element is { } source)
        {
            foreach (var property in source.EnumerateObject())
            {
                var setting = ProviderSettingsChecker.Find(declared, property.Name)!;
                if (setting.Secret)
                {
                    secret[setting.Name] = texts[property.Name];
                }
                else
                {
                    plain[property.Name] = property.Value;
                }
            }
        }
        return (element is null ? null : JsonSerializer.SerializeToElement(plain), secret.Count > 0 ? secret : null);
    }

    private static List<string> BaseUrls(IReadOnlyList<string?>? values)
    {
        if (values is null)
        {
            return [];
        }
        if (values.Count > MaxBaseUrls)
        {
            throw Fields.Invalid("base_urls", $"base_urls may hold at most {MaxBaseUrls} URLs.");
        }
        var urls = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            urls.Add(Url(values[i], string.Create(CultureInfo.InvariantCulture, $"base_urls[{i}]")));
        }
        return urls;
    }

    private static SortedDictionary<string, string> RegionalBaseUrls(Dictionary<string, string?>? values)
    {
        var urls = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (values is null)
        {
            return urls;
        }
        if (values.Count > MaxBaseUrls)
        {
            throw Fields.Invalid("regional_base_urls", $"regional_base_urls may hold at most {MaxBaseUrls} regions.");
        }
        foreach (var (region, url) in values)
        {
            var name = Fields.Text(region, "regional_base_urls." + region, 64)!;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw Fields.Invalid("regional_base_urls", "A region name must not be blank.");
            }
            urls[name] = Url(url, "regional_base_urls." + name);
        }
        return urls;
    }

    private static JsonElement? HealthCheck(ProviderHealthCheckRequest? request)
    {
        if (request is null)
        {
            return null;
        }
        if (request.Path is { } path && (!path.StartsWith('/') || path.Length > 512 || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
        {
            throw Fields.Invalid("health_check.path", "health_check.path must start with '/' and hold no spaces or control characters (it is appended to each base URL).");
        }
        if (request.IntervalSeconds is <= 0 or > 3600 || request.IntervalSeconds is double.NaN)
        {
            throw Fields.Invalid("health_check.interval_seconds", "health_check.interval_seconds must be greater than 0 and at most 3600.");
        }
        if (request.TimeoutSeconds is <= 0 or > 600 || request.TimeoutSeconds is double.NaN)
        {
            throw Fields.Invalid("health_check.timeout_seconds", "health_check.timeout_seconds must be greater than 0 and at most 600.");
        }
        if (request.FailureThreshold is < 1 or > 100)
        {
            throw Fields.Invalid("health_check.failure_threshold", "health_check.failure_threshold must be 1 to 100.");
        }
        var stored = new Dictionary<string, object>(StringComparer.Ordinal);
        Put("enabled", request.Enabled);
        Put("path", request.Path);
        Put("interval_seconds", request.IntervalSeconds);
        Put("timeout_seconds", request.TimeoutSeconds);
        Put("failure_threshold", request.FailureThreshold);
        return JsonSerializer.SerializeToElement(stored);

        void Put(string name, object? value)
        {
            if (value is not null)
            {
                stored[name] = value;
            }
        }
    }

    private static string Url(string? value, string param)
    {
        var text = Fields.Text(Fields.Required(value, param), param, MaxUrlLength)!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || text.Any(char.IsWhiteSpace) || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw Fields.Invalid(param, $"{param} must be an absolute http or https URL without spaces, user info, query or fragment (the provider's documented API root).");
        }
        return text;
    }

    private static string? Region(string? value)
    {
        var text = Fields.Text(value, "region", 64);
        return text is { Length: 0 } ? throw Fields.Invalid("region", "region must not be empty; omit it instead.") : text;
    }

    private static string? Credential(string? value, string param, bool required)
    {
        if (value is null)
        {
            return required ? throw Fields.Invalid(param, $"{param} is required.") : null;
        }
        var text = Fields.Text(value, param, MaxCredentialLength)!;
        return string.IsNullOrWhiteSpace(text) ? throw Fields.Invalid(param, $"{param} must not be blank.") : text;
    }

    private static Dictionary<string, string> DataJsonMap(JsonElement element)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                map[property.Name] = property.Value.ToString();
            }
        }
        return map;
    }

    private static bool SameMap(Dictionary<string, string> stored, IReadOnlyDictionary<string, string> given) =>
        stored.Count == given.Count && given.All(pair => stored.TryGetValue(pair.Key, out var url) && url == pair.Value);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
