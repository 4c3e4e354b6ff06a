namespace Gateway.Data.Sql;

/// <summary>SQL fragments for tables whose scope is three mutually exclusive columns: org_id, team_id, environment_id.</summary>
internal static class ScopeSql
{
    /// <summary>The scope as <c>global</c> or <c>kind:uuid</c>, read back by <see cref="ScopeHandler"/>.</summary>
    public const string Select =
        "coalesce('environment:' || environment_id, 'team:' || team_id, 'org:' || org_id, 'global')";

    /// <summary>Rows in exactly the scope given by @OrgId, @TeamId and @EnvironmentId (all null: global).</summary>
    public const string Matches =
        "org_id is not distinct from @OrgId and team_id is not distinct from @TeamId and environment_id is not distinct from @EnvironmentId";

    /// <summary>The three column values of a scope, as Dapper parameters.</summary>
    public static object Parameters(Scope scope) =>
        new { OrgId = scope.OrganizationId, scope.TeamId, scope.EnvironmentId };
}
