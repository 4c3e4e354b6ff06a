using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;
using Npgsql;
using OpenAI.Audio;
using OpenAI.Images;

namespace Gateway.Tests.EndToEnd.Media;

/// <summary>Images and audio on a real PostgreSQL: one usage row per request with its kind, billing unit, quantity and cost.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class MediaUsageTests
{
    private TestDatabase _database = null!;
    private FakeProvider _openAi = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _openAi = new FakeProvider();
        _openAi.Reply("/v1/images/generations", 200, Fixture.Text("OpenAi", "images-generations.response.json"));
        _openAi.Reply("/v1/images/variations", 200, Fixture.Text("OpenAi", "images-variations.response.json"));
        _openAi.Reply("/v1/audio/speech", 200, "ID3-not-really-mp3", "audio/mpeg");
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{_openAi.Url}}/v1", "ApiKey": "k" } },
                "Models": {
                  "painter": { "Targets": [ { "Provider": "openai", "Model": "gpt-image-1" } ] },
                  "editor": { "Targets": [ { "Provider": "openai", "Model": "dall-e-2" } ] },
                  "ears": { "Targets": [ { "Provider": "openai", "Model": "whisper-1" } ] },
                  "voice": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini-tts" } ] }
                },
                "Keys": {{GatewayHost.KeysJson}}
              }
            }
            """, MediaCatalog.Json,
            "--ConnectionStrings:Gateway", _database.ConnectionString,
            "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"),
            "--Gateway:Usage:MaxBatchDelaySeconds", "0.02");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        _openAi.Dispose();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task Generated_images_are_billed_per_image_at_the_size_and_quality_asked()
    {
        // gpt-image-1's qualities (low, medium, high) are newer than the SDK's enum (standard, hd): sent raw.
        using var response = await _gateway.Http.PostAsJsonAsync("/v1/images/generations",
            new { model = "painter", prompt = "a lighthouse", n = 2, size = "1024x1024", quality = "high" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var row = await RowAsync(response.Headers.GetValues("x-request-id").Single());
        Assert.Multiple(() =>
        {
            Assert.That((row["kind"], row["billing_unit"], row["billing_quantity"]), Is.EqualTo(("images", "images", 2m)));
            // Two images at $0.167 (1024x1024/high).
            Assert.That(row["cost"], Is.EqualTo(0.334m));
            Assert.That(row["estimated"], Is.False);
        });
    }

    [Test]
    public async Task Image_variations_are_billed_per_image_returned_at_the_forms_size()
    {
        var result = await _gateway.OpenAIClient().GetImageClient("editor").GenerateImageVariationsAsync(new MemoryStream(new byte[2048]), "cat.png", 2,
            new ImageVariationOptions { Size = GeneratedImageSize.W256xH256 });

        var row = await RowAsync(IdOf(result.GetRawResponse()));
        Assert.That((row["kind"], row["billing_unit"], row["billing_quantity"]), Is.EqualTo(("images", "images", 2m)));
        // The size field comes after the file in the SDK's form: read as it passed. Two images at $0.016 (256x256).
        Assert.That(row["cost"], Is.EqualTo(0.032m));
    }

    [Test]
    public async Task A_transcription_is_billed_the_providers_duration_when_it_reports_one()
    {
        _openAi.Reply("/v1/audio/transcriptions", 200, Fixture.Text("OpenAi", "transcription-verbose.response.json"));

        var result = await _gateway.OpenAIClient().GetAudioClient("ears").TranscribeAudioAsync(new MemoryStream(MediaForms.Wav(1)), "a.wav",
            new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose });

        var row = await RowAsync(IdOf(result.GetRawResponse()));
        Assert.Multiple(() =>
        {
            Assert.That((row["kind"], row["billing_unit"]), Is.EqualTo(("transcriptions", "audio_seconds")));
            Assert.That((decimal)row["billing_quantity"]!, Is.EqualTo(8.470000267028809m).Within(0.000001m));
            Assert.That((decimal)row["cost"]!, Is.EqualTo(0.000847m).Within(0.000001m));
            Assert.That(row["estimated"], Is.False);
        });
    }

    [Test]
    public async Task A_transcription_without_a_duration_is_billed_the_uploads_length_marked_estimated()
    {
        _openAi.Reply("/v1/audio/transcriptions", 200, "The beach was a popular spot.", "text/plain; charset=utf-8");
        using var form = MediaForms.ModelFirst("ears", MediaForms.Wav(2.5), fields: ("response_format", "text"));

        using var response = await _gateway.Http.PostAsync("/v1/audio/transcriptions", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("The beach was a popular spot."));
        var row = await RowAsync(response.Headers.GetValues("x-request-id").Single());
        Assert.Multiple(() =>
        {
            // 80,000 bytes of 16 kHz 16-bit mono PCM after the WAV header: 2.5 seconds.
            Assert.That(row["billing_quantity"], Is.EqualTo(2.5m));
            Assert.That(row["cost"], Is.EqualTo(0.00025m));
            Assert.That(row["estimated"], Is.True);
        });
    }

    [Test]
    public async Task Speech_is_billed_per_character_of_input()
    {
        using var response = await _gateway.Http.PostAsJsonAsync("/v1/audio/speech", new { model = "voice", input = "Grüß Gott! 👋", voice = "alloy" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("ID3-not-really-mp3"));
        var row = await RowAsync(response.Headers.GetValues("x-request-id").Single());
        Assert.Multiple(() =>
        {
            Assert.That((row["kind"], row["billing_unit"]), Is.EqualTo(("speech", "characters")));
            // 12 characters (the emoji is one), at $15 per million.
            Assert.That(row["billing_quantity"], Is.EqualTo(12m));
            Assert.That(row["cost"], Is.EqualTo(0.00018m));
        });
    }

    private static string IdOf(System.ClientModel.Primitives.PipelineResponse response) =>
        response.Headers.TryGetValue("x-request-id", out var id) ? id! : throw new AssertionException("no x-request-id");

    private async Task<Dictionary<string, object?>> RowAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var command = _database.DataSource.CreateCommand(
                "select kind, billing_unit, billing_quantity, cost, estimated from requests where id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                return row;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"No usage row for {id}.");
            }
            await Task.Delay(20);
        }
    }
}
