using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.Admin.Auth;
using Gateway.Proxy.Admin.Common;

namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// What every admin create, update and delete does once its handler has read, validated and authorized the request:
/// the write runs without the client's cancellation (a write that lands must be followed by its audit entry), a row
/// gone in the meantime is a 404, the audit entry carries the before and after images, and the answer is the API's
/// response (201 with its location, 200, or the deleted marker).
/// </summary>
internal sealed class AdminWrites
{
    private readonly AdminAuditor _audit;

    public AdminWrites(AdminAuditor audit)
    {
        _audit = audit;
    }

    public async Task<IResult> CreateAsync<TRecord, TResponse>(
        AdminCaller caller, AdminResource<TResponse> resource, Func<CancellationToken, Task<TRecord>> create, Func<TRecord, TResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(respond);
        var created = respond(await create(CancellationToken.None).ConfigureAwait(false));
        await _audit.RecordAsync(caller, AuditActions.Create, resource.Entity, resource.AuditId(created), null, created).ConfigureAwait(false);
        return TypedResults.Created(resource.Location(created), created);
    }

    /// <summary>Runs an update whose repository call answers null when the row is gone.</summary>
    public async Task<IResult> UpdateAsync<TRecord, TResponse>(
        AdminCaller caller, AdminResource<TResponse> resource, TResponse before, Func<CancellationToken, Task<TRecord?>> update, Func<TRecord, TResponse> respond)
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(respond);
        var after = respond(await update(CancellationToken.None).ConfigureAwait(false) ?? throw resource.NotFound(before));
        await _audit.RecordAsync(caller, AuditActions.Update, resource.Entity, resource.AuditId(before), before, after).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    /// <summary>Runs a delete whose repository call answers false when the row is gone.</summary>
    public async Task<IResult> DeleteAsync<TResponse>(
        AdminCaller caller, AdminResource<TResponse> resource, TResponse before, Func<CancellationToken, Task<bool>> delete)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(delete);
        if (!await delete(CancellationToken.None).ConfigureAwait(false))
        {
            throw resource.NotFound(before);
        }
        await _audit.RecordAsync(caller, AuditActions.Delete, resource.Entity, resource.AuditId(before), before, null).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of(resource.Entity, resource.Id(before)));
    }
}
