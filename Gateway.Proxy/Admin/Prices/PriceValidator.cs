using Gateway.Data.Prices;
using Gateway.Proxy.Admin.Validation;

namespace Gateway.Proxy.Admin.Prices;

/// <summary>A price's fields: provider id and model, and prices from 0 to 1,000,000 dollars per million tokens.</summary>
internal static class PriceValidator
{
    public const decimal MaxPrice = 1_000_000m;

    public static PriceSpec Validate(PriceRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var provider = Fields.Name(request.ProviderId, "provider_id", 63);
        var model = Fields.Name(request.Model, "model");
        var input = Fields.Decimal(request.InputPerMTok, "input_per_mtok", 0, MaxPrice);
        var output = Fields.Decimal(request.OutputPerMTok, "output_per_mtok", 0, MaxPrice);
        decimal? cachedRead = request.CachedReadPerMTok is null ? null : Fields.Decimal(request.CachedReadPerMTok, "cached_read_per_mtok", 0, MaxPrice);
        decimal? cacheWrite = request.CacheWritePerMTok is null ? null : Fields.Decimal(request.CacheWritePerMTok, "cache_write_per_mtok", 0, MaxPrice);
        decimal? perAudioSecond = request.PerAudioSecond is null ? null : Fields.Decimal(request.PerAudioSecond, "per_audio_second", 0, MaxPrice);
        decimal? perSpeech = request.PerMillionSpeechCharacters is null
            ? null
            : Fields.Decimal(request.PerMillionSpeechCharacters, "per_million_speech_characters", 0, MaxPrice);
        string? perImage = null;
        if (request.PerImage is { } images)
        {
            foreach (var (key, price) in images)
            {
                if (!Gateway.Policies.Configuration.UnitPriceParser.IsImageKey(key))
                {
                    throw Fields.Invalid("per_image", $"per_image keys are 'default', '{{width}}x{{height}}' or '{{width}}x{{height}}/{{quality}}', not '{key}'.");
                }
                Fields.Decimal(price, "per_image", 0, MaxPrice);
            }
            perImage = System.Text.Json.JsonSerializer.Serialize(images);
        }
        return new PriceSpec(provider, model, input, output, request.EffectiveFrom ?? now, cachedRead, cacheWrite)
        {
            PerImage = perImage,
            PerAudioSecond = perAudioSecond,
            PerMillionSpeechCharacters = perSpeech,
        };
    }
}
