using System.Text;

namespace Gateway.Data.Usage;

/// <summary>
/// Narrows analytics and the request log: to one tenant scope (an organization, team or environment, with what lies
/// below it) and to equal values of the other dimensions. Null means "any". <see cref="None"/> filters nothing.
/// </summary>
public sealed record UsageFilter
{
    public static UsageFilter None { get; } = new();

    public Guid? OrgId { get; init; }

    public Guid? TeamId { get; init; }

    public Guid? EnvironmentId { get; init; }

    public string? Model { get; init; }

    public string? ServedModel { get; init; }

    public string? Provider { get; init; }

    /// <summary>A key as the rollups name it: a database key's uuid, or <c>config:</c> and a config-file key's name.</summary>
    public string? KeyRef { get; init; }

    /// <summary>
    /// The conditions for a rollup table, whose dimensions are text ('' for none), each prefixed by " and ".
    /// Parameters: @FOrg, @FTeam, @FEnvironment, @FModel, @FServedModel, @FProvider, @FKey.
    /// </summary>
    internal string RollupConditions()
    {
        var sql = new StringBuilder();
        Add(sql, OrgId is not null, "org_id = @FOrg");
        Add(sql, TeamId is not null, "team_id = @FTeam");
        Add(sql, EnvironmentId is not null, "environment_id = @FEnvironment");
        AddDimensions(sql, "requested_model", "served_model", "provider_id", "key_ref = @FKey");
        return sql.ToString();
    }

    /// <summary>
    /// The same conditions for the <c>requests</c> table (its columns prefixed by <paramref name="alias"/>, e.g. <c>r.</c>),
    /// whose tenant columns are uuids and whose key is a uuid or a config key's name.
    /// </summary>
    internal string RequestConditions(string alias = "")
    {
        var sql = new StringBuilder();
        Add(sql, OrgId is not null, alias + "org_id = @FOrgId");
        Add(sql, TeamId is not null, alias + "team_id = @FTeamId");
        Add(sql, EnvironmentId is not null, alias + "environment_id = @FEnvironmentId");
        AddDimensions(sql, alias + "requested_model", alias + "served_model", alias + "provider_id",
            $"(case when {alias}key_id is not null then {alias}key_id::text else 'config:' || {alias}config_key_id end) = @FKey");
        return sql.ToString();
    }

    /// <summary>
    /// The filter's parameters (only those the conditions use), to which a query adds its own. <paramref name="rollup"/>:
    /// tenant ids as the rollups' text rather than uuids.
    /// </summary>
    internal DynamicParameters Parameters(bool rollup)
    {
        var parameters = new DynamicParameters();
        if (rollup)
        {
            AddIf(parameters, "FOrg", OrgId?.ToString());
            AddIf(parameters, "FTeam", TeamId?.ToString());
            AddIf(parameters, "FEnvironment", EnvironmentId?.ToString());
        }
        else
        {
            AddIf(parameters, "FOrgId", OrgId);
            AddIf(parameters, "FTeamId", TeamId);
            AddIf(parameters, "FEnvironmentId", EnvironmentId);
        }
        AddIf(parameters, "FModel", Model);
        AddIf(parameters, "FServedModel", ServedModel);
        AddIf(parameters, "FProvider", Provider);
        AddIf(parameters, "FKey", KeyRef);
        return parameters;
    }

    private static void AddIf(DynamicParameters parameters, string name, object? value)
    {
        if (value is not null)
        {
            parameters.Add(name, value);
        }
    }

    private void AddDimensions(StringBuilder sql, string model, string servedModel, string provider, string key)
    {
        Add(sql, Model is not null, model + " = @FModel");
        Add(sql, ServedModel is not null, servedModel + " = @FServedModel");
        Add(sql, Provider is not null, provider + " = @FProvider");
        Add(sql, KeyRef is not null, key);
    }

    private static void Add(StringBuilder sql, bool when, string condition)
    {
        if (when)
        {
            sql.Append(" and ").Append(condition);
        }
    }
}
