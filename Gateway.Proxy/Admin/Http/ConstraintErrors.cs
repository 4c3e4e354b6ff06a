using System.Collections.Frozen;
using Gateway.Data.Errors;

namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// Turns a database constraint violation into the admin API's answer: a duplicate is 409, a missing referenced row
/// 404, a value the schema refuses 400; <c>param</c> names the request field behind the constraint where one is.
/// Validators catch almost everything first; this covers races (two creates of one name) and references.
/// </summary>
internal static class ConstraintErrors
{
    private static readonly FrozenDictionary<string, string?> Params = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["organizations_name_key"] = "name",
        ["teams_org_name_key"] = "name",
        ["environments_team_name_key"] = "name",
        ["model_aliases_global_name_key"] = "name",
        ["model_aliases_org_name_key"] = "name",
        ["model_aliases_team_name_key"] = "name",
        ["model_aliases_environment_name_key"] = "name",
        ["model_aliases_name_format"] = "name",
        ["providers_pkey"] = "id",
        ["providers_id_format"] = "id",
        ["providers_kind_format"] = "kind",
        ["providers_base_url_http"] = "base_url",
        ["providers_region_length"] = "region",
        ["provider_models_pkey"] = "model",
        ["provider_models_model_length"] = "model",
        ["provider_models_capabilities_format"] = "capabilities",
        ["provider_models_context_window_positive"] = "context_window",
        ["provider_models_max_output_positive"] = "max_output_tokens",
        ["provider_models_max_output_fits"] = "max_output_tokens",
        ["price_book_model_effective_key"] = "effective_from",
        ["quotas_subject_metric_window_key"] = "window",
        ["quotas_limit_non_negative"] = "limit",
        ["api_key_bindings_key_scope_key"] = "scope",
        ["api_keys_expiry_after_creation"] = "expires_at",
        ["routing_policies_priority_range"] = "priority",
        // Parents named by the route, not the body.
        ["teams_org_id_fkey"] = null,
        ["environments_team_id_fkey"] = null,
        ["provider_models_provider_id_fkey"] = null,
        ["api_key_bindings_key_id_fkey"] = null,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static GatewayError From(DataConstraintException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var constraint = exception.Constraint ?? "unnamed";
        var param = ParamOf(constraint);
        return exception.Kind switch
        {
            ConstraintViolationKind.Unique => AdminErrors.Conflict(
                param is null ? $"An entry with this key already exists ({constraint})." : $"An entry with this {param} already exists ({constraint}).", param),
            ConstraintViolationKind.ForeignKey => new GatewayError(404, GatewayErrorTypes.NotFound,
                $"A referenced organization, team, environment, provider or key does not exist ({constraint}).", "referenced_row_not_found", param),
            _ => AdminErrors.Invalid(param, $"A value is outside what the gateway accepts ({constraint}).", "constraint_violation"),
        };
    }

    private static string? ParamOf(string constraint)
    {
        if (Params.TryGetValue(constraint, out var param))
        {
            return param;
        }
        // Scope columns: org_id, team_id, environment_id of aliases, policies, providers and bindings.
        return constraint.EndsWith("_org_id_fkey", StringComparison.Ordinal)
            || constraint.EndsWith("_team_id_fkey", StringComparison.Ordinal)
            || constraint.EndsWith("_environment_id_fkey", StringComparison.Ordinal)
            || constraint.EndsWith("_at_most_one_scope", StringComparison.Ordinal)
            ? "scope"
            : null;
    }
}
