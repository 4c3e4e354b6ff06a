namespace Gateway.Data.Providers;

/// <summary>The models each provider serves, with capabilities, limits and parameter mapping; keyed by provider and model name.</summary>
public sealed class ProviderModelRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    internal const string Columns =
        "provider_id as ProviderId, model as Model, capabilities as Capabilities, context_window as ContextWindow, " +
        "max_output_tokens as MaxOutputTokens, parameter_mapping as ParameterMapping, enabled as Enabled, " +
        "created_at as CreatedAt, updated_at as UpdatedAt";

    private readonly SqlExecutor _sql = new(dataSource, options);

    /// <summary>Creates the model or replaces its fields.</summary>
    public Task<ProviderModelRecord> UpsertAsync(ProviderModelSpec spec, CancellationToken cancellationToken) =>
        _sql.QuerySingleAsync<ProviderModelRecord>(
            $"""
            insert into provider_models (provider_id, model, capabilities, context_window, max_output_tokens, parameter_mapping, enabled)
            values (@ProviderId, @Model, @Capabilities, @ContextWindow, @MaxOutputTokens, @ParameterMapping::jsonb, @Enabled)
            on conflict (provider_id, model) do update set
                capabilities = excluded.capabilities, context_window = excluded.context_window,
                max_output_tokens = excluded.max_output_tokens, parameter_mapping = excluded.parameter_mapping,
                enabled = excluded.enabled, updated_at = now()
            returning {Columns}
            """,
            Parameters(spec),
            cancellationToken);

    /// <summary>Creates the model; an existing one of that provider and name is a unique violation.</summary>
    public Task<ProviderModelRecord> CreateAsync(ProviderModelSpec spec, CancellationToken cancellationToken) =>
        _sql.QuerySingleAsync<ProviderModelRecord>(
            $"""
            insert into provider_models (provider_id, model, capabilities, context_window, max_output_tokens, parameter_mapping, enabled)
            values (@ProviderId, @Model, @Capabilities, @ContextWindow, @MaxOutputTokens, @ParameterMapping::jsonb, @Enabled)
            returning {Columns}
            """,
            Parameters(spec),
            cancellationToken);

    /// <summary>Replaces the fields of an existing model.</summary>
    /// <returns>The updated model, or null when it does not exist.</returns>
    public Task<ProviderModelRecord?> UpdateAsync(ProviderModelSpec spec, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<ProviderModelRecord>(
            $"""
            update provider_models set capabilities = @Capabilities, context_window = @ContextWindow,
                max_output_tokens = @MaxOutputTokens, parameter_mapping = @ParameterMapping::jsonb, enabled = @Enabled, updated_at = now()
            where provider_id = @ProviderId and model = @Model
            returning {Columns}
            """,
            Parameters(spec),
            cancellationToken);

    public Task<ProviderModelRecord?> GetAsync(string providerId, string model, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<ProviderModelRecord>(
            $"select {Columns} from provider_models where provider_id = @providerId and model = @model",
            new { providerId, model },
            cancellationToken);

    /// <summary>Models ordered by provider and name, of one provider when <paramref name="providerId"/> is given.</summary>
    public async Task<Page<ProviderModelRecord>> ListAsync(string? providerId, PageRequest page, CancellationToken cancellationToken)
    {
        var limit = Paging.Limit(page, _sql.Options);
        var after = page.Cursor is null ? null : PageCursor.Decode(page.Cursor, 2);
        var rows = await _sql.QueryAsync<ProviderModelRecord>(
            $"""
            select {Columns} from provider_models
            where (@providerId::text is null or provider_id = @providerId)
              and (@afterProvider::text is null or (provider_id, model) > (@afterProvider, @afterModel))
            order by provider_id, model
            limit @take
            """,
            new { providerId, afterProvider = after?[0], afterModel = after?[1], take = limit + 1 },
            cancellationToken).ConfigureAwait(false);
        return Paging.Build(rows, limit, row => PageCursor.Encode(row.ProviderId, row.Model));
    }

    public Task<bool> DeleteAsync(string providerId, string model, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync(
            "delete from provider_models where provider_id = @providerId and model = @model",
            new { providerId, model },
            cancellationToken);

    private static object Parameters(ProviderModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(spec.Capabilities);
        return new
        {
            spec.ProviderId,
            spec.Model,
            Capabilities = spec.Capabilities.ToArray(),
            spec.ContextWindow,
            spec.MaxOutputTokens,
            ParameterMapping = DataJson.ObjectOrEmpty(spec.ParameterMapping, nameof(spec.ParameterMapping)),
            spec.Enabled,
        };
    }
}
