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

    /// <summary>
    /// Rows in the scope given by @OrgId, @TeamId and @EnvironmentId when @filtered, else rows of every scope: an
    /// optional scope filter, whose parameters <see cref="PageParameters"/> makes.
    /// </summary>
    public const string MatchesWhenFiltered = $"(not @filtered or ({Matches}))";

    /// <summary>One page of a table's rows by their UUID id, only those at <paramref name="scope"/> when it is given.</summary>
    public static Task<Page<T>> PageAsync<T>(
        SqlExecutor sql, string columns, string table, Scope? scope, PageRequest page, Func<T, Guid> idOf, CancellationToken cancellationToken) =>
        sql.QueryPageAsync(PageQuery(columns, table, "uuid"), page, (after, take) => PageParameters(scope, after, take), idOf, cancellationToken);

    /// <summary>One page of a table's rows by their text id, only those at <paramref name="scope"/> when it is given.</summary>
    public static Task<Page<T>> PageAsync<T>(
        SqlExecutor sql, string columns, string table, Scope? scope, PageRequest page, Func<T, string> idOf, CancellationToken cancellationToken) =>
        sql.QueryPageAsync(PageQuery(columns, table, "text"), page, (after, take) => PageParameters(scope, after, take), idOf, cancellationToken);

    private static string PageQuery(string columns, string table, string idType) =>
        $"select {columns} from {table} where {MatchesWhenFiltered} and (@after::{idType} is null or id > @after) order by id limit @take";

    /// <summary>
    /// The parameters of <see cref="MatchesWhenFiltered"/> (filtered when <paramref name="scope"/> is given) and of a
    /// keyset page (<c>@after</c>, <c>@take</c>).
    /// </summary>
    private static object PageParameters<TAfter>(Scope? scope, TAfter after, int take) =>
        new { filtered = scope is not null, OrgId = scope?.OrganizationId, TeamId = scope?.TeamId, EnvironmentId = scope?.EnvironmentId, after, take };

    /// <summary>The three column values of a scope, as Dapper parameters.</summary>
    public static object Parameters(Scope scope) =>
        new { OrgId = scope.OrganizationId, scope.TeamId, scope.EnvironmentId };
}
