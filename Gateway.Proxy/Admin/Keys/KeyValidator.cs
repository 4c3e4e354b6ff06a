using Gateway.Data.Keys;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Keys;

/// <summary>
/// A key's fields: a name, an expiry in the future, an optional preferred region (at most 64 characters), and up to 32 bindings, each at an organization, team or
/// environment (never global), with up to 256 allowed model names and positive limits.
/// </summary>
internal static class KeyValidator
{
    public const int MaxBindings = 32;

    private const int MaxAllowedModels = 256;

    public static NewApiKey Validate(KeyCreateRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = Fields.Name(request.Name, "name");
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            throw Fields.Invalid("expires_at", "expires_at must be in the future.");
        }
        var bindings = request.Bindings ?? [];
        if (bindings.Count > MaxBindings)
        {
            throw Fields.Invalid("bindings", $"A key may have at most {MaxBindings} bindings.");
        }
        var specs = new ApiKeyBindingSpec[bindings.Count];
        for (var i = 0; i < bindings.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"bindings[{i}]");
            specs[i] = Binding(Fields.Required(bindings[i], path), path + ".");
        }
        var region = Fields.Text(request.Region, "region", 64);
        if (region is not null && string.IsNullOrWhiteSpace(region))
        {
            throw Fields.Invalid("region", "region must not be empty; omit it instead.");
        }
        return new NewApiKey(name, specs, request.ExpiresAt, region);
    }

    /// <param name="prefix">The JSON path of the binding with a trailing dot (<c>bindings[0].</c>), or empty for a body that is one binding.</param>
    public static ApiKeyBindingSpec Binding(KeyBindingRequest request, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = Fields.Scope(request.Scope, prefix + "scope", allowGlobal: false);
        var models = request.AllowedModels ?? [];
        if (models.Count > MaxAllowedModels)
        {
            throw Fields.Invalid(prefix + "allowed_models", $"{prefix}allowed_models may list at most {MaxAllowedModels} models.");
        }
        var allowed = new List<string>(models.Count);
        for (var i = 0; i < models.Count; i++)
        {
            var param = string.Create(CultureInfo.InvariantCulture, $"{prefix}allowed_models[{i}]");
            allowed.Add(Fields.Name(models[i], param));
        }
        if (request.RpmLimit is <= 0)
        {
            throw Fields.Invalid(prefix + "rpm_limit", $"{prefix}rpm_limit must be positive (omit it for no limit).");
        }
        if (request.TpmLimit is <= 0)
        {
            throw Fields.Invalid(prefix + "tpm_limit", $"{prefix}tpm_limit must be positive (omit it for no limit).");
        }
        if (request.MaxConcurrent is <= 0)
        {
            throw Fields.Invalid(prefix + "max_concurrent", $"{prefix}max_concurrent must be positive (omit it for the gateway's default).");
        }
        return new ApiKeyBindingSpec(scope, allowed, request.RpmLimit, request.TpmLimit, request.IsAdmin ?? false, request.AllowDirectModels ?? false, request.MaxConcurrent);
    }
}
