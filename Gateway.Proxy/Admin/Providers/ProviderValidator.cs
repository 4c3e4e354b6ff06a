using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Data.Records;
using Gateway.Proxy.Admin.Validation;
using Gateway.Proxy.Forwarding;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// A provider's fields: an id the database and config keys accept, a kind this build has an adapter for, an
/// http(s) API root, and settings without secrets (a secret in settings would be stored in clear and returned).
/// </summary>
internal sealed partial class ProviderValidator
{
    public const int MaxCredentialLength = 16 * 1024;

    private const int MaxUrlLength = 2048;

    private readonly ProviderAdapterRegistry _adapters;

    public ProviderValidator(ProviderAdapterRegistry adapters)
    {
        _adapters = adapters;
    }

    public (ProviderSpec Spec, string? Credential) Validate(ProviderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Fields.Required(request.Id, "id");
        if (!IdPattern().IsMatch(id))
        {
            throw Fields.Invalid("id", "id must be 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        var spec = Spec(id, request.Kind, request.BaseUrl, request.Scope, request.Region, request.Settings, request.Enabled, request.AllowDirectModels);
        return (spec, Credential(request.Credential, "credential", required: false));
    }

    public (ProviderSpec Spec, string? Credential) Validate(string id, ProviderUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = Spec(id, request.Kind, request.BaseUrl, request.Scope, request.Region, request.Settings, request.Enabled, request.AllowDirectModels);
        return (spec, Credential(request.Credential, "credential", required: false));
    }

    public static string Credential(ProviderCredentialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Credential(request.Credential, "credential", required: true)!;
    }

    private ProviderSpec Spec(string id, string? kind, string? baseUrl, string? scope, string? region, JsonElement? settings, bool? enabled, bool? allowDirectModels)
    {
        var kindText = Fields.Required(kind, "kind");
        if (!_adapters.Kinds.ContainsKey(kindText) || kindText.Any(char.IsUpper))
        {
            throw Fields.Invalid("kind", $"kind must be one of {string.Join(", ", _adapters.Kinds.Keys.Order(StringComparer.Ordinal))}.");
        }
        return new ProviderSpec(id, kindText, Url(baseUrl), Fields.Scope(scope, "scope"), Region(region), Settings(settings), enabled ?? true, allowDirectModels ?? true);
    }

    private static string Url(string? value)
    {
        var text = Fields.Text(Fields.Required(value, "base_url"), "base_url", MaxUrlLength)!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || text.Any(char.IsWhiteSpace) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Fields.Invalid("base_url", "base_url must be an absolute http or https URL without spaces or user info (the provider's documented API root).");
        }
        return text;
    }

    private static string? Region(string? value)
    {
        var text = Fields.Text(value, "region", 64);
        return text is { Length: 0 } ? throw Fields.Invalid("region", "region must not be empty; omit it instead.") : text;
    }

    private static JsonElement? Settings(JsonElement? value)
    {
        var settings = Fields.JsonObject(value, "settings");
        if (settings is { } element)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (SecretName().IsMatch(property.Name))
                {
                    throw Fields.Invalid("settings." + property.Name,
                        "Settings are stored and returned in clear; put the provider's secret in credential instead.");
                }
                if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
                {
                    throw Fields.Invalid("settings." + property.Name, "A setting must be a string, number or boolean.");
                }
            }
        }
        return settings;
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

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("secret|token|password|api_?key|credential", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
