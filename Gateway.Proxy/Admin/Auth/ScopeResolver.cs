using Gateway.Data.Tenancy;

namespace Gateway.Proxy.Admin.Auth;

/// <summary>Finds a scope's ancestors (an environment's team and organization), or null when the scope does not exist.</summary>
internal sealed class ScopeResolver(OrganizationRepository organizations, TeamRepository teams, EnvironmentRepository environments)
{
    public async Task<ScopeChain?> ResolveAsync(Scope scope, CancellationToken cancellationToken)
    {
        var id = scope.Id.GetValueOrDefault();
        switch (scope.Kind)
        {
            case ScopeKind.Organization:
                return await organizations.GetAsync(id, cancellationToken).ConfigureAwait(false) is null ? null : new ScopeChain(id, null, null);
            case ScopeKind.Team:
                return await teams.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } team ? new ScopeChain(team.OrgId, team.Id, null) : null;
            case ScopeKind.Environment:
                return await environments.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } environment
                    ? new ScopeChain(environment.OrgId, environment.TeamId, environment.Id)
                    : null;
            default:
                return ScopeChain.Global;
        }
    }
}
