using Gateway.Data.Aliases;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Admin.Http;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.Aliases;

/// <summary>
/// <c>/admin/v1/aliases</c>: model aliases per scope (global ones need a global admin). Routing picks them up
/// within moments of a write (the database notifies every replica), without a restart.
/// </summary>
internal sealed class AliasEndpoints
{
    private const string Entity = "model_alias";

    private static readonly AdminResource<AliasResponse> Resource =
        new(Entity, alias => alias.Id.ToString(), alias => $"{AdminRoutes.Prefix}/aliases/{alias.Id}");

    private readonly ModelAliasRepository _aliases;
    private readonly AliasTargetChecker _targets;
    private readonly IConfiguration _configuration;
    private readonly AdminAccess _access;
    private readonly AdminRequestReader _reader;
    private readonly AdminPaging _paging;
    private readonly AdminWrites _writes;

    public AliasEndpoints(
        ModelAliasRepository aliases, AliasTargetChecker targets, IConfiguration configuration, AdminAccess access,
        AdminRequestReader reader, AdminPaging paging, AdminWrites writes)
    {
        _aliases = aliases;
        _targets = targets;
        _configuration = configuration;
        _access = access;
        _reader = reader;
        _paging = paging;
        _writes = writes;
    }

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/aliases").WithTags("Model aliases");
        group.MapPost("", (Delegate)CreateAsync).AcceptsJson<AliasRequest>().Returns<AliasResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).Returns<AdminList<AliasResponse>>();
        group.MapGet("/{id:guid}", GetAsync).Returns<AliasResponse>();
        group.MapPut("/{id:guid}", UpdateAsync).AcceptsJson<AliasRequest>().Returns<AliasResponse>();
        group.MapDelete("/{id:guid}", DeleteAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        var caller = context.AdminCaller();
        var spec = await ReadAsync(context, caller).ConfigureAwait(false);
        return await _writes.CreateAsync(caller, Resource, ct => _aliases.CreateAsync(spec, ct), AliasResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> ListAsync(HttpContext context, [FromQuery(Name = "scope")] string? scope, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        var filter = await _access.ListScopeAsync(context.AdminCaller(), scope, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await _paging.ListAsync(query, p => _aliases.ListAsync(filter, p, cancellationToken), AliasResponse.From).ConfigureAwait(false));
    }

    private async Task<IResult> GetAsync(HttpContext context, Guid id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await FindAsync(context.AdminCaller(), id, cancellationToken).ConfigureAwait(false));

    private async Task<IResult> UpdateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var spec = await ReadAsync(context, caller).ConfigureAwait(false);
        return await _writes.UpdateAsync(caller, Resource, before, ct => _aliases.UpdateAsync(id, spec, ct), AliasResponse.From).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        return await _writes.DeleteAsync(caller, Resource, before, ct => _aliases.DeleteAsync(id, ct)).ConfigureAwait(false);
    }

    /// <summary>Reads and checks an alias: valid fields, a scope the caller administers, targets its scope may use.</summary>
    private async Task<ModelAliasSpec> ReadAsync(HttpContext context, AdminCaller caller)
    {
        var spec = AliasValidator.Validate(await _reader.ReadAsync<AliasRequest>(context).ConfigureAwait(false));
        var chain = await _access.RequireScopeAsync(caller, spec.Scope, "scope", context.RequestAborted).ConfigureAwait(false);
        if (chain.IsGlobal && _configuration.GetSection("Gateway:Models").GetSection(spec.Name).Exists())
        {
            // The catalog lets the config file win and would ignore the row; refuse rather than store a dead alias.
            throw new AdminProblemException(AdminErrors.Conflict($"A global alias '{spec.Name}' is defined in the config file.", "name"));
        }
        await _targets.CheckAsync(chain, spec.Targets, context.RequestAborted).ConfigureAwait(false);
        return spec;
    }

    private async Task<AliasResponse> FindAsync(AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var alias = await _aliases.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        await _access.RequireEntityAsync(caller, alias.Scope, Entity, id.ToString(), cancellationToken).ConfigureAwait(false);
        return AliasResponse.From(alias);
    }
}
