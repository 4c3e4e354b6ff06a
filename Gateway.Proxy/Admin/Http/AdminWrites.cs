using Gateway.Data.Sql;
using Gateway.Proxy.Admin.Audit;

namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// What every admin create, update and delete does once its handler has read, validated and authorized the request:
/// the write and its audit entry (with the before and after images) run in one transaction, without the client's
/// cancellation, so a change is stored with its entry or not at all; a row gone in the meantime is a 404; and the
/// answer is the API's response (201 with its location, 200, or the deleted marker).
/// </summary>
internal sealed class AdminWrites(AdminAuditor audit, DatabaseTransactions transactions)
{
    public async Task<IResult> CreateAsync<TRecord, TResponse>(
        AdminCaller caller, AdminResource<TResponse> resource, Func<CancellationToken, Task<TRecord>> create, Func<TRecord, TResponse> respond)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(respond);
        var created = await transactions.RunAsync(async ct =>
        {
            var response = respond(await create(ct).ConfigureAwait(false));
            await audit.RecordAsync(caller, AuditActions.Create, resource.Entity, resource.AuditId(response), null, response).ConfigureAwait(false);
            return response;
        }, CancellationToken.None).ConfigureAwait(false);
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
        var after = await transactions.RunAsync(async ct =>
        {
            var response = respond(await update(ct).ConfigureAwait(false) ?? throw resource.NotFound(before));
            await audit.RecordAsync(caller, AuditActions.Update, resource.Entity, resource.AuditId(before), before, response).ConfigureAwait(false);
            return response;
        }, CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    /// <summary>Runs a delete whose repository call answers false when the row is gone.</summary>
    public async Task<IResult> DeleteAsync<TResponse>(
        AdminCaller caller, AdminResource<TResponse> resource, TResponse before, Func<CancellationToken, Task<bool>> delete)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(delete);
        await transactions.RunAsync(async ct =>
        {
            if (!await delete(ct).ConfigureAwait(false))
            {
                throw resource.NotFound(before);
            }
            await audit.RecordAsync(caller, AuditActions.Delete, resource.Entity, resource.AuditId(before), before, null).ConfigureAwait(false);
        }, CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Ok(DeletedResponse.Of(resource.Entity, resource.Id(before)));
    }

    /// <summary>
    /// Runs a write of its own shape (revoke, rotate, bindings, credentials) and its audit entry in one transaction;
    /// <paramref name="write"/> appends the entry through <see cref="AdminAuditor.RecordAsync"/>.
    /// </summary>
    public Task<T> RecordedAsync<T>(Func<CancellationToken, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return transactions.RunAsync(write, CancellationToken.None);
    }
}
