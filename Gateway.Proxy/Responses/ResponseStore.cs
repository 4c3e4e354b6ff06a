using System.Collections.Concurrent;
using Gateway.Data.Responses;
using Gateway.Policies.Keys;
using Gateway.Proxy.Logging;
using Npgsql;

namespace Gateway.Proxy.Responses;

/// <summary>
/// Keeps Responses API objects in the database (when there is one) for <c>GET</c>/<c>DELETE /v1/responses/{id}</c> and
/// <c>previous_response_id</c>. A response is saved in the background once its answer is complete, so the answer never
/// waits on the database; a read of an id whose save is still under way on this replica waits for that save first.
/// </summary>
internal sealed class ResponseStore(StoredResponseRepository? repository, ILogger<ResponseStore> logger)
{
    private static readonly GatewayError Unavailable = new(503, GatewayErrorTypes.Upstream,
        "The gateway's response store is unavailable right now; try again shortly.", "response_store_unavailable");

    private readonly StoredResponseRepository? _repository = repository;
    private readonly ConcurrentDictionary<string, Task> _saving = new(StringComparer.Ordinal);
    private readonly ILogger<ResponseStore> _logger = logger;

    /// <summary>Whether there is a database to keep responses in.</summary>
    public bool Enabled => _repository is not null;

    /// <summary>Saves in the background; a failure is logged (the answer has been sent already).</summary>
    public void Save(StoredResponseSpec response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (_repository is null)
        {
            return;
        }
        var saving = SaveAsync(_repository, response);
        _saving[response.Id] = saving;
        _ = saving.ContinueWith(
            (done, state) => ((ConcurrentDictionary<string, Task>)state!).TryRemove(new KeyValuePair<string, Task>(response.Id, done)),
            _saving, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The response if the caller's tenant owns it (null otherwise), or a 503 when the database cannot be read.</summary>
    public Task<(StoredResponseRecord? Response, GatewayError? Error)> FindAsync(string id, GatewayKey? key, CancellationToken cancellationToken) =>
        OwnedAsync(id, key, (responses, orgId, keyId) => responses.FindAsync(id, orgId, keyId, cancellationToken), null, cancellationToken);

    /// <summary>Deletes the response if the caller's tenant owns it: whether it did, or a 503 when the database cannot be reached.</summary>
    public Task<(bool Deleted, GatewayError? Error)> DeleteAsync(string id, GatewayKey? key, CancellationToken cancellationToken) =>
        OwnedAsync(id, key, (responses, orgId, keyId) => responses.DeleteAsync(id, orgId, keyId, cancellationToken), false, cancellationToken);

    /// <summary>
    /// Runs a read or delete of <paramref name="id"/> as the caller's tenant, once a save of it under way here is done:
    /// <paramref name="none"/> without a database, or with a 503 when the database fails.
    /// </summary>
    private async Task<(T Result, GatewayError? Error)> OwnedAsync<T>(
        string id, GatewayKey? key, Func<StoredResponseRepository, Guid?, string, Task<T>> run, T none, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_repository is null)
        {
            return (none, null);
        }
        await SavedAsync(id).ConfigureAwait(false);
        try
        {
            return (await run(_repository, key?.Scope.OrganizationId, key?.Id ?? string.Empty).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            GatewayLog.ResponseStoreReadFailed(_logger, ex);
            return (none, Unavailable);
        }
    }

    private Task SavedAsync(string id) => _saving.TryGetValue(id, out var saving) ? saving : Task.CompletedTask;

    private async Task SaveAsync(StoredResponseRepository repository, StoredResponseSpec response)
    {
        // Off the request's thread: the caller has its answer and must not wait for this.
        await Task.Yield();
        try
        {
            await repository.SaveAsync(response, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            GatewayLog.ResponseStoreFailed(_logger, ex, response.Id);
        }
    }
}
