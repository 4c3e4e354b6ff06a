namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// The create, get, replace and delete routes of an admin resource kept by id, over what each resource tells: how to
/// read and check a request body into what it stores (the caller's scopes included), and how to find an item as the
/// caller may use it (<see cref="AdminItemUse"/>). An item is found before its replacement is read, so nothing of one
/// outside the caller's scopes is read, changed or told; the write and its audit entry go through <see cref="AdminWrites"/>.
/// Routes of other shapes (lists, a container created under its parent, key rotation) stay with their resource.
/// </summary>
/// <typeparam name="TId">The id the item route (<c>pattern</c>) binds as <c>id</c>.</typeparam>
internal sealed class AdminCrudRoutes<TId, TResponse>
{
    private readonly AdminResource<TResponse> _resource;
    private readonly string _pattern;
    private readonly Func<AdminCaller, TId, AdminItemUse, CancellationToken, Task<TResponse>> _find;
    private readonly AdminWrites _writes;

    /// <param name="pattern">The item route below the resource's group, such as <c>/{id:guid}</c>.</param>
    /// <param name="find">The item as the caller may use it, or the refusal (403, or 404 to a global admin) when it may not.</param>
    public AdminCrudRoutes(
        AdminResource<TResponse> resource, string pattern, Func<AdminCaller, TId, AdminItemUse, CancellationToken, Task<TResponse>> find,
        AdminWrites writes)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(find);
        _resource = resource;
        _pattern = pattern;
        _find = find;
        _writes = writes;
    }

    /// <summary><c>POST</c> on the group: 201 with the created item and its location.</summary>
    public RouteHandlerBuilder MapCreate<TSpec, TRecord>(
        RouteGroupBuilder group, Func<HttpContext, AdminCaller, Task<TSpec>> read, Func<TSpec, CancellationToken, Task<TRecord>> create,
        Func<TRecord, TResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.MapPost("", (Delegate)(async (HttpContext context) =>
        {
            var caller = context.AdminCaller();
            var spec = await read(context, caller).ConfigureAwait(false);
            return await _writes.CreateAsync(caller, _resource, ct => create(spec, ct), respond).ConfigureAwait(false);
        })).Returns<TResponse>(StatusCodes.Status201Created);
    }

    /// <summary><c>GET</c> on the item.</summary>
    public RouteHandlerBuilder MapGet(RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.MapGet(_pattern, GetAsync).Returns<TResponse>();
    }

    /// <summary><c>PUT</c> on the item: replaces it with what the body says, or 404 when it is gone meanwhile.</summary>
    public RouteHandlerBuilder MapReplace<TSpec, TRecord>(
        RouteGroupBuilder group, Func<HttpContext, AdminCaller, Task<TSpec>> read, Func<TId, TSpec, CancellationToken, Task<TRecord?>> update,
        Func<TRecord, TResponse> respond)
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.MapPut(_pattern, async (HttpContext context, TId id) =>
        {
            var caller = context.AdminCaller();
            var before = await _find(caller, id, AdminItemUse.Change, context.RequestAborted).ConfigureAwait(false);
            var spec = await read(context, caller).ConfigureAwait(false);
            return await _writes.UpdateAsync(caller, _resource, before, ct => update(id, spec, ct), respond).ConfigureAwait(false);
        }).Returns<TResponse>();
    }

    /// <summary><c>DELETE</c> on the item: the deleted marker, or 404 when it is gone meanwhile.</summary>
    public RouteHandlerBuilder MapDelete(RouteGroupBuilder group, Func<TId, CancellationToken, Task<bool>> delete)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.MapDelete(_pattern, async (HttpContext context, TId id) =>
        {
            var caller = context.AdminCaller();
            var before = await _find(caller, id, AdminItemUse.Delete, context.RequestAborted).ConfigureAwait(false);
            return await _writes.DeleteAsync(caller, _resource, before, ct => delete(id, ct)).ConfigureAwait(false);
        }).Returns<DeletedResponse>();
    }

    private async Task<IResult> GetAsync(HttpContext context, TId id, CancellationToken cancellationToken) =>
        TypedResults.Ok(await _find(context.AdminCaller(), id, AdminItemUse.Read, cancellationToken).ConfigureAwait(false));
}
