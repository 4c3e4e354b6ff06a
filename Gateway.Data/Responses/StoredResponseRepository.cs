namespace Gateway.Data.Responses;

/// <summary>
/// Responses API objects kept for <c>GET</c>/<c>DELETE /v1/responses/{id}</c> and <c>previous_response_id</c>. Every read
/// and delete is scoped to the owner: the organization when the key has one, else the key itself, so another tenant's id
/// looks exactly like a missing one.
/// </summary>
public sealed class StoredResponseRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    private const string Columns =
        "id as Id, provider_id as ProviderId, served_model as ServedModel, provider_response_id as ProviderResponseId, " +
        "translated as Translated, response::text as Response, conversation::text as Conversation";

    private const string OwnedBy = "((@orgId::uuid is not null and org_id = @orgId) or (@orgId::uuid is null and org_id is null and key_id = @keyId))";

    private readonly SqlExecutor _sql = new(dataSource, options);

    /// <summary>Keeps a response; a second write of the same id (a retried store) replaces the first.</summary>
    public Task<int> SaveAsync(StoredResponseSpec response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return _sql.ExecuteAsync(
            """
            insert into stored_responses (id, org_id, key_id, provider_id, served_model, provider_response_id, translated, response, conversation)
            values (@Id, @OrgId, @KeyId, @ProviderId, @ServedModel, @ProviderResponseId, @Translated, @Response::jsonb, @Conversation::jsonb)
            on conflict (id) do update set response = excluded.response, conversation = excluded.conversation,
                provider_response_id = excluded.provider_response_id
            where stored_responses.org_id is not distinct from excluded.org_id and stored_responses.key_id = excluded.key_id
            """,
            response, cancellationToken);
    }

    /// <summary>The response, if it exists and the caller's tenant owns it.</summary>
    public Task<StoredResponseRecord?> FindAsync(string id, Guid? orgId, string keyId, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<StoredResponseRecord>(
            $"select {Columns} from stored_responses where id = @id and {OwnedBy}", new { id, orgId, keyId }, cancellationToken);

    /// <summary>Deletes the response if the caller's tenant owns it; false when there was none to delete.</summary>
    public Task<bool> DeleteAsync(string id, Guid? orgId, string keyId, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync($"delete from stored_responses where id = @id and {OwnedBy}", new { id, orgId, keyId }, cancellationToken);
}
