namespace Gateway.Data.Prices;

/// <summary>
/// The price book: rows are added, not edited, so past costs stay reproducible. The price at a time T is the
/// row with the latest effective_from at or before T.
/// </summary>
public sealed class PriceBookRepository(NpgsqlDataSource dataSource, IOptions<GatewayDataOptions> options)
{
    internal const string Columns =
        "id as Id, provider_id as ProviderId, model as Model, input_per_mtok as InputPerMTok, output_per_mtok as OutputPerMTok, " +
        "cached_read_per_mtok as CachedReadPerMTok, cache_write_per_mtok as CacheWritePerMTok, " +
        "effective_from as EffectiveFrom, created_at as CreatedAt, per_image::text as PerImage, per_audio_second as PerAudioSecond, " +
        "per_million_speech_characters as PerMillionSpeechCharacters";

    private readonly SqlExecutor _sql = new(dataSource, options);

    /// <summary>Adds a price; a second price for the same model and instant is a unique violation.</summary>
    public Task<PriceRecord> AddAsync(PriceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _sql.QuerySingleAsync<PriceRecord>(
            $"""
            insert into price_book (provider_id, model, input_per_mtok, output_per_mtok, cached_read_per_mtok, cache_write_per_mtok, effective_from,
                                    per_image, per_audio_second, per_million_speech_characters)
            values (@ProviderId, @Model, @InputPerMTok, @OutputPerMTok, @CachedReadPerMTok, @CacheWritePerMTok, @EffectiveFrom,
                    @PerImage::jsonb, @PerAudioSecond, @PerMillionSpeechCharacters)
            returning {Columns}
            """,
            new
            {
                spec.ProviderId,
                spec.Model,
                spec.InputPerMTok,
                spec.OutputPerMTok,
                spec.CachedReadPerMTok,
                spec.CacheWritePerMTok,
                EffectiveFrom = spec.EffectiveFrom.ToUniversalTime(),
                spec.PerImage,
                spec.PerAudioSecond,
                spec.PerMillionSpeechCharacters,
            },
            cancellationToken);
    }

    public Task<PriceRecord?> GetAsync(long id, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<PriceRecord>($"select {Columns} from price_book where id = @id", new { id }, cancellationToken);

    /// <summary>The price in force at <paramref name="at"/>, or null when the model had none yet.</summary>
    public Task<PriceRecord?> GetPriceAtAsync(string providerId, string model, DateTimeOffset at, CancellationToken cancellationToken) =>
        _sql.QuerySingleOrDefaultAsync<PriceRecord>(
            $"""
            select {Columns} from price_book
            where provider_id = @providerId and model = @model and effective_from <= @at
            order by effective_from desc
            limit 1
            """,
            new { providerId, model, at = at.ToUniversalTime() },
            cancellationToken);

    /// <summary>Prices in the order they were added, optionally of one provider and model.</summary>
    public Task<Page<PriceRecord>> ListAsync(string? providerId, string? model, PageRequest page, CancellationToken cancellationToken) =>
        _sql.QueryPageAsync<PriceRecord>(
            $"""
            select {Columns} from price_book
            where (@providerId::text is null or provider_id = @providerId) and (@model::text is null or model = @model)
              and (@after::bigint is null or id > @after)
            order by id limit @take
            """,
            page,
            (after, take) => new { providerId, model, after, take },
            row => row.Id,
            cancellationToken);

    /// <summary>Removes a mistaken price row.</summary>
    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) =>
        _sql.ExecuteAnyAsync("delete from price_book where id = @id", new { id }, cancellationToken);
}
