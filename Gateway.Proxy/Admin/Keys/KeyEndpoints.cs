using Gateway.Data.Keys;
using Gateway.Proxy.Admin.Audit;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Proxy.Admin.Keys;

/// <summary>
/// <c>/admin/v1/keys</c>: gateway API keys. Create and rotate return the secret once; nothing else ever does.
/// A scoped admin manages keys whose every binding lies in its scopes, and may bind keys only there.
/// Revoking or deleting a key, or changing its bindings, reaches every replica at once (the database notifies them).
/// A key always keeps at least one binding: it is created with one, and its last cannot be removed.
/// </summary>
internal sealed class KeyEndpoints(
    ApiKeyRepository keys, AdminAccess access, TimeProvider time, AdminRequestReader reader, AdminPaging paging, AdminWrites writes,
    AdminAuditor audit) : IAdminEndpoints
{
    private const string Entity = "api_key";

    private static readonly AdminResource<KeyResponse> Resource = new(Entity, "keys", key => key.Id.ToString());

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/keys").WithTags("API keys");
        var routes = new AdminCrudRoutes<Guid, KeyResponse>(Resource, "/{id:guid}", (caller, id, _, ct) => FindAsync(caller, id, ct), writes);
        group.MapPost("", (Delegate)CreateAsync).AcceptsJson<KeyCreateRequest>().Returns<KeySecretResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).Returns<AdminList<KeyResponse>>();
        routes.MapGet(group);
        routes.MapDelete(group, keys.DeleteAsync);
        group.MapPost("/{id:guid}/revoke", RevokeAsync).Returns<KeyResponse>();
        group.MapPost("/{id:guid}/rotate", RotateAsync).Returns<KeySecretResponse>(StatusCodes.Status201Created);
        group.MapPost("/{id:guid}/bindings", AddBindingAsync).AcceptsJson<KeyBindingRequest>().Returns<KeyBindingResponse>(StatusCodes.Status201Created);
        group.MapDelete("/{id:guid}/bindings/{bindingId:guid}", RemoveBindingAsync).Returns<DeletedResponse>();
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        var caller = context.AdminCaller();
        var request = KeyValidator.Validate(await reader.ReadAsync<KeyCreateRequest>(context).ConfigureAwait(false), time.GetUtcNow());
        if (request.Bindings.Count == 0)
        {
            // A key's scope comes from its bindings: one without any could do nothing (it is refused at authentication).
            throw new AdminProblemException(AdminErrors.Invalid("bindings", "A key needs at least one binding (an organization, team or environment it belongs to)."));
        }
        for (var i = 0; i < request.Bindings.Count; i++)
        {
            // Resolved for every caller (not left to the foreign key) so a missing scope is named by its index.
            var param = string.Create(CultureInfo.InvariantCulture, $"bindings[{i}].scope");
            await access.RequireScopeAsync(caller, request.Bindings[i].Scope, param, context.RequestAborted).ConfigureAwait(false);
        }
        var (key, secret) = await writes.RecordedAsync(async ct =>
        {
            var created = await keys.CreateAsync(request, ct).ConfigureAwait(false);
            var response = KeyResponse.From(created.Key, time.GetUtcNow(), created.Bindings);
            await audit.RecordAsync(caller, AuditActions.Create, Entity, response.Id.ToString(), null, response).ConfigureAwait(false);
            return (response, created.Secret);
        }).ConfigureAwait(false);
        return TypedResults.Created(Resource.Location(key), new KeySecretResponse(key, secret));
    }

    private async Task<IResult> ListAsync(HttpContext context, [FromQuery(Name = "scope")] string? scope, [AsParameters] PageQuery query, CancellationToken cancellationToken)
    {
        var within = await access.ListScopeAsync(context.AdminCaller(), scope, cancellationToken).ConfigureAwait(false) ?? Scope.Global;
        var now = time.GetUtcNow();
        return TypedResults.Ok(await paging.ListAsync(query, p => keys.ListAsync(within, p, cancellationToken), key => KeyResponse.From(key, now)).ConfigureAwait(false));
    }

    private async Task<IResult> RevokeAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var after = await writes.RecordedAsync(async ct =>
        {
            if (!await keys.RevokeAsync(id, ct).ConfigureAwait(false))
            {
                throw new AdminProblemException(new Transforms.Errors.GatewayError(409, Transforms.Errors.GatewayErrorTypes.InvalidRequest,
                    "The key is already revoked.", "already_revoked"));
            }
            var revoked = await FindAsync(caller, id, ct).ConfigureAwait(false);
            await audit.RecordAsync(caller, AuditActions.Revoke, Entity, id.ToString(), before, revoked).ConfigureAwait(false);
            return revoked;
        }).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    private async Task<IResult> RotateAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var (successor, secret) = await writes.RecordedAsync(async ct =>
        {
            var rotated = await keys.RotateAsync(id, ct).ConfigureAwait(false)
                ?? throw new AdminProblemException(new Transforms.Errors.GatewayError(409, Transforms.Errors.GatewayErrorTypes.InvalidRequest,
                    "Only an active key can be rotated; this one is revoked or expired.", "key_not_active"));
            var response = KeyResponse.From(rotated.Key, time.GetUtcNow(), rotated.Bindings);
            // The entry is the old key's: before is its last state, after the successor that replaced it.
            await audit.RecordAsync(caller, AuditActions.Rotate, Entity, id.ToString(), before, response).ConfigureAwait(false);
            return (response, rotated.Secret);
        }).ConfigureAwait(false);
        return TypedResults.Created(Resource.Location(successor), new KeySecretResponse(successor, secret));
    }

    private async Task<IResult> AddBindingAsync(HttpContext context, Guid id)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var binding = KeyValidator.Binding(await reader.ReadAsync<KeyBindingRequest>(context).ConfigureAwait(false));
        await access.RequireScopeAsync(caller, binding.Scope, "scope", context.RequestAborted).ConfigureAwait(false);
        var created = await writes.RecordedAsync(async ct =>
        {
            var added = KeyBindingResponse.From(await keys.AddBindingAsync(id, binding, ct).ConfigureAwait(false));
            var after = await FindAsync(caller, id, ct).ConfigureAwait(false);
            await audit.RecordAsync(caller, AuditActions.AddBinding, Entity, id.ToString(), before, after).ConfigureAwait(false);
            return added;
        }).ConfigureAwait(false);
        return TypedResults.Created($"{AdminRoutes.Prefix}/keys/{id}", created);
    }

    private async Task<IResult> RemoveBindingAsync(HttpContext context, Guid id, Guid bindingId)
    {
        var caller = context.AdminCaller();
        var before = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        if (before.Bindings?.Any(binding => binding.Id == bindingId) != true)
        {
            throw new AdminProblemException(AdminErrors.NotFound("api_key_binding", bindingId.ToString()));
        }
        await writes.RecordedAsync(async ct =>
        {
            switch (await keys.RemoveBindingAsync(id, bindingId, ct).ConfigureAwait(false))
            {
                case BindingRemoval.NotFound:
                    throw new AdminProblemException(AdminErrors.NotFound("api_key_binding", bindingId.ToString()));
                case BindingRemoval.LastBinding:
                    throw new AdminProblemException(new Transforms.Errors.GatewayError(409, Transforms.Errors.GatewayErrorTypes.InvalidRequest,
                        "This is the key's last binding; a key without one would have no scope. Revoke or delete the key instead.", "last_binding"));
            }
            var record = await keys.GetAsync(id, ct).ConfigureAwait(false);
            var after = record is null ? null : KeyResponse.From(record, time.GetUtcNow(), await keys.GetBindingsAsync(id, ct).ConfigureAwait(false));
            await audit.RecordAsync(caller, AuditActions.RemoveBinding, Entity, id.ToString(), before, after).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of("api_key_binding", bindingId.ToString()));
    }

    private async Task<KeyResponse> FindAsync(AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var bindings = await access.RequireKeyAsync(caller, id, null, cancellationToken).ConfigureAwait(false);
        var key = await keys.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw AdminAccess.Unseen(caller, Entity, id.ToString());
        return KeyResponse.From(key, time.GetUtcNow(), bindings);
    }
}
