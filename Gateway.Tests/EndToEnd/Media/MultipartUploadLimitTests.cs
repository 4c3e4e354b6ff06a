namespace Gateway.Tests.EndToEnd.Media;

/// <summary>
/// The upload limits and the form checks of the multipart endpoints, with small limits so the cases stay cheap: a body
/// over <c>MaxMultipartBodyBytes</c> is a 413 whether it says so up front, is caught before forwarding, or only while
/// being forwarded (the provider's request is then aborted); a body that is not the form it claims is a 400.
/// </summary>
[TestFixture]
public sealed class MultipartUploadLimitTests : SingleProviderFixture
{
    private const int MaxBytes = 64 * 1024;
    private const int LookAhead = 16 * 1024;

    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider.Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "ears": { "Targets": [ { "Provider": "openai", "Model": "whisper-1" } ] }
        """;

    protected override string SettingsJson => $$"""
        "Limits": { "MaxMultipartBodyBytes": {{MaxBytes}}, "MultipartLookAheadBytes": {{LookAhead}} }
        """;

    protected override string CatalogJson => MediaCatalog.Json;

    [SetUp]
    public void AnswerTranscriptions() => Provider.Reply("/v1/audio/transcriptions", 200, Fixture.Text("OpenAi", "transcription.response.json"));

    [Test]
    public async Task An_upload_declared_larger_than_the_limit_is_a_413_before_anything_is_read()
    {
        using var form = MediaForms.ModelFirst("ears", new byte[MaxBytes + 1]);

        using var response = await Gateway.Http.PostAsync("/v1/audio/transcriptions", form);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task A_chunked_upload_that_grows_past_the_limit_while_forwarded_is_a_413_and_the_provider_request_is_aborted()
    {
        using var form = MediaForms.ModelFirst("ears", MediaForms.Wav(3));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = new ChunkedContent(form) };

        using var response = await Gateway.Http.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        // Forwarding had begun (model came first); the provider never received a whole request.
        Assert.That(Provider.Requests.Where(r => r.ResponseMessage.StatusCode is 200), Is.Empty);
    }

    [Test]
    public async Task A_form_without_a_boundary_without_model_or_cut_short_is_a_400()
    {
        using var noBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\n"));
        noBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        using var missingBoundary = await Gateway.Http.PostAsync("/v1/audio/transcriptions", noBoundary);
        await AssertErrorAsync(missingBoundary, HttpStatusCode.BadRequest, "invalid_multipart");

        using var wrongBoundary = new ByteArrayContent(Encoding.UTF8.GetBytes("--other\r\nContent-Disposition: form-data; name=model\r\n\r\nears\r\n--other--\r\n"));
        wrongBoundary.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=expected");
        using var mismatched = await Gateway.Http.PostAsync("/v1/audio/transcriptions", wrongBoundary);
        await AssertErrorAsync(mismatched, HttpStatusCode.BadRequest, "invalid_multipart");

        using var modelless = new MultipartFormDataContent { { new ByteArrayContent(MediaForms.Wav(0.1)), "file", "a.wav" } };
        using var noModel = await Gateway.Http.PostAsync("/v1/audio/transcriptions", modelless);
        var error = await AssertErrorAsync(noModel, HttpStatusCode.BadRequest, "missing_required_parameter");
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("model"));

        using var wholeForm = MediaForms.ModelFirst("ears", MediaForms.Wav(0.1));
        var whole = await wholeForm.ReadAsByteArrayAsync();
        using var cut = new ByteArrayContent(whole, 0, whole.Length - 10);
        cut.Headers.ContentType = MediaTypeHeaderValue.Parse(BoundaryOf(whole));
        using var truncated = await Gateway.Http.PostAsync("/v1/audio/transcriptions", cut);
        await AssertErrorAsync(truncated, HttpStatusCode.BadRequest, "invalid_multipart");

        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task A_model_after_a_file_larger_than_the_look_ahead_is_a_400_naming_model()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[3 * LookAhead]), "file", "a.wav" },
            { new StringContent("ears"), "model" },
        };

        using var response = await Gateway.Http.PostAsync("/v1/audio/transcriptions", form);

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "model_after_file");
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("model"));
    }

    [Test]
    public async Task Json_sent_to_an_upload_endpoint_is_a_415()
    {
        using var response = await Gateway.Http.PostAsync("/v1/audio/transcriptions", new StringContent("{}", Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    /// <summary>The content type of a form whose body is <paramref name="body"/> (its first line is the boundary).</summary>
    private static string BoundaryOf(byte[] body)
    {
        var firstLine = Encoding.ASCII.GetString(body, 0, Array.IndexOf(body, (byte)'\r'));
        return $"multipart/form-data; boundary=\"{firstLine[2..]}\"";
    }

    private static async Task<JsonNode> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo(code), text);
        Assert.That(error["message"]!.GetValue<string>(), Is.Not.Empty);
        return error;
    }

    /// <summary>Sends another content without a length, so the body goes chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
