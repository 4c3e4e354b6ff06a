using System.Net.Http.Json;
using OpenAI.Audio;
using OpenAI.Images;

namespace Gateway.Tests.EndToEnd.Media;

/// <summary>Images and audio on a real PostgreSQL: one usage row per request with its kind, billing unit, quantity and cost.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class MediaUsageTests : DatabaseGatewayFixture
{
    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider("openai").Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "painter": { "Targets": [ { "Provider": "openai", "Model": "gpt-image-1" } ] },
        "editor": { "Targets": [ { "Provider": "openai", "Model": "dall-e-2" } ] },
        "ears": { "Targets": [ { "Provider": "openai", "Model": "whisper-1" } ] },
        "voice": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini-tts" } ] }
        """;

    protected override string? CatalogJson => MediaCatalog.Json;

    protected override Task StartProvidersAsync()
    {
        var openAi = StartProvider("openai");
        openAi.Reply("/v1/images/generations", 200, Fixture.Text("OpenAi", "images-generations.response.json"));
        openAi.Reply("/v1/images/variations", 200, Fixture.Text("OpenAi", "images-variations.response.json"));
        openAi.Reply("/v1/audio/speech", 200, "ID3-not-really-mp3", "audio/mpeg");
        return Task.CompletedTask;
    }

    [Test]
    public async Task Generated_images_are_billed_per_image_at_the_size_and_quality_asked()
    {
        // gpt-image-1's qualities (low, medium, high) are newer than the SDK's enum (standard, hd): sent raw.
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/images/generations",
            new { model = "painter", prompt = "a lighthouse", n = 2, size = "1024x1024", quality = "high" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var row = await Database.RequestRowAsync(response.RequestId());
        // Two images at $0.167 (1024x1024/high).
        UsageRowAssert.Has(row, kind: "images", unit: "images", quantity: 2m, cost: 0.334m, estimated: false);
    }

    [Test]
    public async Task Image_variations_are_billed_per_image_returned_at_the_forms_size()
    {
        var result = await Gateway.OpenAIClient().GetImageClient("editor").GenerateImageVariationsAsync(new MemoryStream(new byte[2048]), "cat.png", 2,
            new ImageVariationOptions { Size = GeneratedImageSize.W256xH256 });

        var row = await Database.RequestRowAsync(result.GetRawResponse().RequestId());
        // The size field comes after the file in the SDK's form: read as it passed. Two images at $0.016 (256x256).
        UsageRowAssert.Has(row, kind: "images", unit: "images", quantity: 2m, cost: 0.032m);
    }

    [Test]
    public async Task A_transcription_is_billed_the_providers_duration_when_it_reports_one()
    {
        Provider("openai").Reply("/v1/audio/transcriptions", 200, Fixture.Text("OpenAi", "transcription-verbose.response.json"));

        var result = await Gateway.OpenAIClient().GetAudioClient("ears").TranscribeAudioAsync(new MemoryStream(MediaForms.Wav(1)), "a.wav",
            new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose });

        var row = await Database.RequestRowAsync(result.GetRawResponse().RequestId());
        UsageRowAssert.Has(row, kind: "transcriptions", unit: "audio_seconds", estimated: false);
        Assert.That((decimal)row["billing_quantity"]!, Is.EqualTo(8.470000267028809m).Within(0.000001m));
        Assert.That((decimal)row["cost"]!, Is.EqualTo(0.000847m).Within(0.000001m));
    }

    [Test]
    public async Task A_transcription_without_a_duration_is_billed_the_uploads_length_marked_estimated()
    {
        Provider("openai").Reply("/v1/audio/transcriptions", 200, "The beach was a popular spot.", "text/plain; charset=utf-8");
        using var form = MediaForms.ModelFirst("ears", MediaForms.Wav(2.5), fields: ("response_format", "text"));

        using var response = await Gateway.Http.PostAsync("/v1/audio/transcriptions", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("The beach was a popular spot."));
        var row = await Database.RequestRowAsync(response.RequestId());
        // 80,000 bytes of 16 kHz 16-bit mono PCM after the WAV header: 2.5 seconds.
        UsageRowAssert.Has(row, quantity: 2.5m, cost: 0.00025m, estimated: true);
    }

    [Test]
    public async Task Speech_is_billed_per_character_of_input()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/audio/speech", new { model = "voice", input = "Grüß Gott! 👋", voice = "alloy" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("ID3-not-really-mp3"));
        var row = await Database.RequestRowAsync(response.RequestId());
        // 12 characters (the emoji is one), at $15 per million.
        UsageRowAssert.Has(row, kind: "speech", unit: "characters", quantity: 12m, cost: 0.00018m);
    }
}
