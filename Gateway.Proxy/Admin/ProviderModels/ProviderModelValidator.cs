using System.Text.RegularExpressions;
using Gateway.Data.Providers;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.ProviderModels;

/// <summary>
/// A provider model's fields: a name of up to 200 characters, capability words, positive token limits with the
/// output limit within the context window, and a JSON object of parameter mapping.
/// </summary>
internal static partial class ProviderModelValidator
{
    private const int MaxCapabilities = 32;

    /// <param name="pathModel">The model named by the path on replace; null on create, where the body names it.</param>
    public static ProviderModelSpec Validate(string providerId, string? pathModel, ProviderModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string model;
        if (pathModel is null)
        {
            model = Fields.Text(Fields.Required(request.Model, "model"), "model", Fields.MaxNameLength)!;
            if (string.IsNullOrWhiteSpace(model))
            {
                throw Fields.Invalid("model", "model must not be blank.");
            }
        }
        else
        {
            model = request.Model is null || request.Model == pathModel
                ? pathModel
                : throw Fields.Invalid("model", "model cannot be renamed; it must match the path or be omitted.");
        }

        var capabilities = Capabilities(request.Capabilities);
        if (request.ContextWindow is <= 0)
        {
            throw Fields.Invalid("context_window", "context_window must be a positive number of tokens.");
        }
        if (request.MaxOutputTokens is <= 0)
        {
            throw Fields.Invalid("max_output_tokens", "max_output_tokens must be a positive number of tokens.");
        }
        if (request.ContextWindow is { } window && request.MaxOutputTokens > window)
        {
            throw Fields.Invalid("max_output_tokens", "max_output_tokens must not exceed context_window.");
        }
        return new ProviderModelSpec(providerId, model, capabilities, request.ContextWindow, request.MaxOutputTokens,
            ParameterMapping(request.ParameterMapping), request.Enabled ?? true);
    }

    /// <summary>A mapping the catalog will apply: checked by the same parser as the config file's, 400 naming the field and operation.</summary>
    private static System.Text.Json.JsonElement? ParameterMapping(System.Text.Json.JsonElement? value)
    {
        var mapping = Fields.JsonObject(value, "parameter_mapping");
        if (mapping is not { } element)
        {
            return null;
        }
        var errors = new List<string>();
        var document = Gateway.Policies.Configuration.ParameterMappingJson.Read(element, "parameter_mapping", errors);
        Gateway.Policies.Configuration.Sections.ParameterMappingParser.Parse(document, "parameter_mapping", errors, api: true);
        if (errors.Count > 0)
        {
            var separator = errors[0].IndexOf(": ", StringComparison.Ordinal);
            throw Fields.Invalid(errors[0][..separator], errors[0][(separator + 2)..]);
        }
        return element;
    }

    private static string[] Capabilities(IReadOnlyList<string?>? capabilities)
    {
        if (capabilities is null)
        {
            return [];
        }
        if (capabilities.Count > MaxCapabilities)
        {
            throw Fields.Invalid("capabilities", $"capabilities may list at most {MaxCapabilities} words.");
        }
        var words = new List<string>(capabilities.Count);
        for (var i = 0; i < capabilities.Count; i++)
        {
            var param = string.Create(CultureInfo.InvariantCulture, $"capabilities[{i}]");
            var word = Fields.Required(capabilities[i], param);
            if (!Word().IsMatch(word))
            {
                throw Fields.Invalid(param, $"{param} must be a lower-case word such as tools, vision or json_schema.");
            }
            if (!words.Contains(word))
            {
                words.Add(word);
            }
        }
        return [.. words];
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
