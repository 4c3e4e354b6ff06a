using System.Net.Http.Json;
using OpenAI.Audio;
using OpenAI.Images;

namespace Gateway.Tests.EndToEnd.Media;

/// <summary>
/// The OpenAI .NET SDK's <see cref="ImageClient"/> and <see cref="AudioClient"/> through the gateway to OpenAI, Azure and
/// Groq, each played with its wire format. Uploads are checked byte for byte at the provider: the file intact, the
/// form's <c>model</c> rewritten to the target's.
/// </summary>
[TestFixture]
public sealed class MediaProviderTests : SingleProviderFixture
{
    protected override string ProvidersJson => string.Join(",\n",
        ProviderEntry("openai", "/v1"),
        ProviderEntry("azure"),
        ProviderEntry("groq", "/groq/openai/v1"),
        ProviderEntry("gemini"));

    protected override string ModelsJson => """
        "painter": { "Targets": [ { "Provider": "openai", "Model": "gpt-image-1" } ] },
        "azure-painter": { "Targets": [ { "Provider": "azure", "Model": "dalle-prod", "Kinds": ["images"] } ] },
        "editor": { "Targets": [ { "Provider": "openai", "Model": "dall-e-2" } ] },
        "ears": { "Targets": [ { "Provider": "openai", "Model": "whisper-1" } ] },
        "azure-ears": { "Targets": [ { "Provider": "azure", "Model": "whisper-prod", "Kinds": ["transcriptions"] } ] },
        "groq-ears": { "Targets": [ { "Provider": "groq", "Model": "whisper-large-v3" } ] },
        "voice": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini-tts" } ] },
        "azure-voice": { "Targets": [ { "Provider": "azure", "Model": "tts-prod", "Kinds": ["speech"] } ] },
        "chatty": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
        "groq-painter": { "Targets": [ { "Provider": "groq", "Model": "some-painter", "Kinds": ["images"] } ] },
        "imagen": { "Targets": [ { "Provider": "gemini", "Model": "imagen-4.0-generate-001" } ] }
        """;

    protected override string? CatalogJson => MediaCatalog.Json;

    [Test]
    public async Task Generates_images_at_openai_and_answers_openais_shape()
    {
        Provider.Reply("/v1/images/generations", 200, Fixture.Text("OpenAi", "images-generations.response.json"));

        var result = await Gateway.OpenAIClient().GetImageClient("painter").GenerateImagesAsync("a lighthouse at dusk", 2,
            new ImageGenerationOptions { Size = GeneratedImageSize.W1024xH1024, Quality = GeneratedImageQuality.High });

        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(result.Value, Has.Count.EqualTo(2));
            Assert.That(result.Value[0].ImageBytes.ToArray().Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
            Assert.That(Provider.LastUrl(), Does.EndWith("/v1/images/generations"));
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("gpt-image-1"));
            Assert.That(body["prompt"]!.GetValue<string>(), Is.EqualTo("a lighthouse at dusk"));
            Assert.That(body["n"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(body["size"]!.GetValue<string>(), Is.EqualTo("1024x1024"));
            Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
        });
    }

    [Test]
    public async Task Azure_generates_images_at_the_deployment_url_with_its_api_key_header()
    {
        Provider.Reply("/openai/deployments/dalle-prod/images/generations", 200, Fixture.Text("Azure", "images-generations.response.json"));

        var result = await Gateway.OpenAIClient().GetImageClient("azure-painter").GenerateImageAsync("a sunset over a lake");

        Assert.Multiple(() =>
        {
            Assert.That(result.Value.ImageUri.Host, Is.EqualTo("dalletipusw2.blob.core.windows.net"));
            Assert.That(result.Value.RevisedPrompt, Is.EqualTo("A vivid, natural sunset over a tranquil lake."));
            Assert.That(Provider.LastUrl(), Does.EndWith("/openai/deployments/dalle-prod/images/generations?api-version=2024-10-21"));
            Assert.That(Provider.LastHeaders()["api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
        });
    }

    [Test]
    public async Task Gemini_generates_images_through_imagen_predict_and_answers_openais_shape()
    {
        Provider.Reply("/v1beta/models/imagen-4.0-generate-001:predict", 200, Fixture.Text("Gemini", "imagen-predict.response.json"));

        var result = await Gateway.OpenAIClient().GetImageClient("imagen").GenerateImagesAsync("a lighthouse at dusk", 3,
            new ImageGenerationOptions { Size = new GeneratedImageSize(1792, 1024), ResponseFormat = GeneratedImageFormat.Bytes });

        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            // One of the three was removed by Google's filter: two images come back.
            Assert.That(result.Value, Has.Count.EqualTo(2));
            Assert.That(result.Value[1].ImageBytes.ToArray().Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
            Assert.That(body["instances"]![0]!["prompt"]!.GetValue<string>(), Is.EqualTo("a lighthouse at dusk"));
            Assert.That(body["parameters"]!["sampleCount"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(body["parameters"]!["aspectRatio"]!.GetValue<string>(), Is.EqualTo("16:9"));
            Assert.That(Provider.LastHeaders()["x-goog-api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
        });

        using var url = await Gateway.Http.PostAsJsonAsync("/v1/images/generations", new { model = "imagen", prompt = "a cat", response_format = "url" });
        Assert.That(url.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(JsonNode.Parse(await url.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("response_format"));
    }

    [Test]
    public async Task Edits_an_image_streaming_the_upload_through_with_the_model_rewritten()
    {
        Provider.Reply("/v1/images/edits", 200, Fixture.Text("OpenAi", "images-edits.response.json"));
        var image = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7 % 256)).ToArray();

        var result = await Gateway.OpenAIClient().GetImageClient("editor").GenerateImageEditAsync(new MemoryStream(image), "cat.png", "add a hat",
            new ImageEditOptions { Size = GeneratedImageSize.W256xH256 });

        var forwarded = Provider.Requests[^1].RequestMessage.BodyAsBytes!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Value.ImageUri.AbsolutePath, Does.EndWith("img-edit-1.png"));
            Assert.That(Provider.LastUrl(), Does.EndWith("/v1/images/edits"));
            Assert.That(MediaForms.Contains(forwarded, image), Is.True, "the image arrives intact");
            Assert.That(MediaForms.Contains(forwarded, MediaForms.FieldPart("model", "dall-e-2")), Is.True, "model is the target's");
            Assert.That(MediaForms.Contains(forwarded, Encoding.UTF8.GetBytes("editor")), Is.False, "the alias never reaches the provider");
            Assert.That(MediaForms.Contains(forwarded, MediaForms.FieldPart("prompt", "add a hat")), Is.True);
            Assert.That(Provider.LastHeaders()["Content-Type"].ToString(), Does.StartWith("multipart/form-data; boundary="));
        });
    }

    [Test]
    public async Task Makes_variations_at_openai()
    {
        Provider.Reply("/v1/images/variations", 200, Fixture.Text("OpenAi", "images-variations.response.json"));
        var image = Enumerable.Range(0, 5_000).Select(i => (byte)(i % 200)).ToArray();

        var result = await Gateway.OpenAIClient().GetImageClient("editor").GenerateImageVariationsAsync(new MemoryStream(image), "cat.png", 2);

        var forwarded = Provider.Requests[^1].RequestMessage.BodyAsBytes!;
        Assert.That(result.Value, Has.Count.EqualTo(2));
        Assert.That(MediaForms.Contains(forwarded, image), Is.True);
        Assert.That(MediaForms.Contains(forwarded, MediaForms.FieldPart("model", "dall-e-2")), Is.True);
    }

    [Test]
    public async Task Transcribes_audio_with_the_file_intact_and_the_model_rewritten()
    {
        Provider.Reply("/v1/audio/transcriptions", 200, Fixture.Text("OpenAi", "transcription-verbose.response.json"));
        var wav = MediaForms.Wav(1.5);

        var result = await Gateway.OpenAIClient().GetAudioClient("ears").TranscribeAudioAsync(new MemoryStream(wav), "speech.wav",
            new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Verbose, Language = "en" });

        var forwarded = Provider.Requests[^1].RequestMessage.BodyAsBytes!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Value.Text, Does.StartWith("The beach was a popular spot"));
            Assert.That(result.Value.Duration, Is.EqualTo(TimeSpan.FromSeconds(8.470000267028809)).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(MediaForms.Contains(forwarded, wav), Is.True, "the audio arrives intact");
            Assert.That(MediaForms.Contains(forwarded, MediaForms.FieldPart("model", "whisper-1")), Is.True);
            Assert.That(MediaForms.Contains(forwarded, MediaForms.FieldPart("response_format", "verbose_json")), Is.True);
            Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
        });
    }

    [Test]
    public async Task Azure_translates_audio_at_the_deployment_url()
    {
        Provider.Reply("/openai/deployments/whisper-prod/audio/translations", 200, Fixture.Text("Azure", "translation.response.json"));
        var wav = MediaForms.Wav(0.25);

        var result = await Gateway.OpenAIClient().GetAudioClient("azure-ears").TranslateAudioAsync(new MemoryStream(wav), "speech.wav");

        Assert.Multiple(() =>
        {
            Assert.That(result.Value.Text, Does.StartWith("Hello, my name is Wolfgang"));
            Assert.That(Provider.LastUrl(), Does.EndWith("/openai/deployments/whisper-prod/audio/translations?api-version=2024-10-21"));
            Assert.That(Provider.LastHeaders()["api-key"].ToString(), Is.EqualTo(FakeProvider.ProviderKey));
            Assert.That(MediaForms.Contains(Provider.Requests[^1].RequestMessage.BodyAsBytes!, wav), Is.True);
        });
    }

    [Test]
    public async Task Groq_passes_an_srt_answer_back_as_sent_with_its_content_type()
    {
        var srt = Fixture.Text("Groq", "transcription.srt");
        Provider.Reply("/groq/openai/v1/audio/transcriptions", 200, srt, "application/x-subrip");

        using var form = MediaForms.ModelFirst("groq-ears", MediaForms.Wav(0.5), fields: ("response_format", "srt"));
        using var response = await Gateway.Http.PostAsync("/v1/audio/transcriptions", form);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/x-subrip"));
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(srt));
            Assert.That(MediaForms.Contains(Provider.Requests[^1].RequestMessage.BodyAsBytes!, MediaForms.FieldPart("model", "whisper-large-v3")), Is.True);
        });
    }

    [Test]
    public async Task Generates_speech_relaying_the_audio_with_its_content_type()
    {
        var audio = Enumerable.Range(0, 40_000).Select(i => (byte)(i * 13 % 256)).ToArray();
        Provider.ReplyBytes("/v1/audio/speech", 200, audio, "audio/mpeg");

        var result = await Gateway.OpenAIClient().GetAudioClient("voice").GenerateSpeechAsync("Hello from the gateway.", GeneratedSpeechVoice.Alloy);

        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(result.Value.ToArray(), Is.EqualTo(audio));
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini-tts"));
            Assert.That(body["input"]!.GetValue<string>(), Is.EqualTo("Hello from the gateway."));
            Assert.That(body["voice"]!.GetValue<string>(), Is.EqualTo("alloy"));
        });

        using var raw = await Gateway.Http.PostAsJsonAsync("/v1/audio/speech", new { model = "voice", input = "hi", voice = "alloy" });
        Assert.That(raw.Content.Headers.ContentType!.MediaType, Is.EqualTo("audio/mpeg"));
    }

    [Test]
    public async Task Azure_generates_speech_at_the_deployment_url()
    {
        Provider.ReplyBytes("/openai/deployments/tts-prod/audio/speech", 200, [1, 2, 3, 4], "audio/wav");

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/audio/speech", new { model = "azure-voice", input = "hi", voice = "alloy", response_format = "wav" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("audio/wav"));
        Assert.That(Provider.LastUrl(), Does.Contain("/openai/deployments/tts-prod/audio/speech?api-version="));
    }

    [Test]
    public async Task An_alias_that_does_not_serve_the_endpoint_is_a_400_naming_model()
    {
        using var images = await Gateway.Http.PostAsJsonAsync("/v1/images/generations", new { model = "chatty", prompt = "a cat" });
        using var form = MediaForms.ModelFirst("painter", MediaForms.Wav(0.1));
        using var audio = await Gateway.Http.PostAsync("/v1/audio/transcriptions", form);
        using var groqImages = await Gateway.Http.PostAsJsonAsync("/v1/images/generations", new { model = "groq-painter", prompt = "a cat" });

        foreach (var response in new[] { images, audio, groqImages })
        {
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), error.ToJsonString());
            Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("model"));
        }
        Assert.That(Provider.Requests, Is.Empty);
    }
}
