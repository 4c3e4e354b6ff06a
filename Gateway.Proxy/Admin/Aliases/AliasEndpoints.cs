using Gateway.Data.Aliases;

namespace Gateway.Proxy.Admin.Aliases;

/// <summary>
/// <c>/admin/v1/aliases</c>: model aliases per scope (global ones need a global admin). Routing picks them up
/// within moments of a write (the database notifies every replica), without a restart.
/// </summary>
internal sealed class AliasEndpoints(
    ModelAliasRepository aliases, AliasTargetChecker targets, IConfiguration configuration, AdminAccess access, AdminRequestReader reader,
    AdminScopedList list, AdminWrites writes) : IAdminEndpoints
{
    private const string Entity = "model_alias";

    private static readonly AdminResource<AliasResponse> Resource = new(Entity, "aliases", alias => alias.Id.ToString());

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/aliases").WithTags("Model aliases");
        var routes = new AdminCrudRoutes<Guid, AliasResponse>(Resource, "/{id:guid}", (caller, id, _, ct) => FindAsync(caller, id, ct), writes);
        routes.MapCreate(group, ReadAsync, aliases.CreateAsync, AliasResponse.From).AcceptsJson<AliasRequest>();
        list.Map(group, aliases.ListAsync, AliasResponse.From);
        routes.MapGet(group);
        routes.MapReplace(group, ReadAsync, aliases.UpdateAsync, AliasResponse.From).AcceptsJson<AliasRequest>();
        routes.MapDelete(group, aliases.DeleteAsync);
    }

    /// <summary>Reads and checks an alias: valid fields, a scope the caller administers, targets its scope may use.</summary>
    private async Task<ModelAliasSpec> ReadAsync(HttpContext context, AdminCaller caller)
    {
        var spec = AliasValidator.Validate(await reader.ReadAsync<AliasRequest>(context).ConfigureAwait(false));
        var chain = await access.RequireScopeAsync(caller, spec.Scope, "scope", context.RequestAborted).ConfigureAwait(false);
        if (chain.IsGlobal && configuration.GetSection("Gateway:Models").GetSection(spec.Name).Exists())
        {
            // The catalog lets the config file win and would ignore the row; refuse rather than store a dead alias.
            throw new AdminProblemException(AdminErrors.Conflict($"A global alias '{spec.Name}' is defined in the config file.", "name"));
        }
        await targets.CheckAsync(chain, spec.Targets, context.RequestAborted).ConfigureAwait(false);
        return spec;
    }

    private async Task<AliasResponse> FindAsync(AdminCaller caller, Guid id, CancellationToken cancellationToken) =>
        AliasResponse.From(await access.RequireEntityAsync(
            caller, aliases.GetAsync(id, cancellationToken), alias => alias.Scope, Entity, id.ToString(), cancellationToken).ConfigureAwait(false));
}
