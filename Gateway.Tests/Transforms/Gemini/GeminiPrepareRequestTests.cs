using System.Collections.Frozen;
using Gateway.Transforms.Providers.Gemini;
using static Gateway.Tests.Transforms.Gemini.GeminiFixtures;

namespace Gateway.Tests.Transforms.Gemini;

[TestFixture]
public sealed class GeminiPrepareRequestTests
{
    [TestCase(false, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")]
    [TestCase(true, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    public void Targets_generate_content_or_its_sse_stream(bool stream, string expected)
    {
        using var message = Prepare(stream, Target());

        Assert.That(message.RequestUri!.AbsoluteUri, Is.EqualTo(expected));
    }

    [Test]
    public void Sends_the_key_in_the_goog_api_key_header_and_never_in_the_query_string()
    {
        using var message = Prepare(stream: true, Target());

        Assert.That(message.Headers.GetValues("x-goog-api-key"), Is.EqualTo(new[] { Target().ApiKey }));
        Assert.That(message.RequestUri!.Query, Does.Not.Contain("key="));
        Assert.That(message.Headers.Authorization, Is.Null);
    }

    [Test]
    public void Drops_credentials_the_client_sent_to_the_gateway()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://gateway/v1/chat/completions");
        message.Headers.TryAddWithoutValidation("Authorization", "Bearer gateway-key");
        message.Headers.TryAddWithoutValidation("x-api-key", "gateway-key");

        new GeminiAdapter().PrepareRequest(message, "https://generativelanguage.googleapis.com/", Target(), stream: false, ReadOnlyMemory<byte>.Empty);

        Assert.That(message.Headers.Contains("Authorization"), Is.False);
        Assert.That(message.Headers.Contains("x-api-key"), Is.False);
    }

    [Test]
    public void Honours_an_api_version_setting_and_a_resource_style_model_name()
    {
        var target = new Gateway.Transforms.Adapters.UpstreamTarget
        {
            ProviderId = ProviderId,
            Kind = "gemini",
            Model = "tunedModels/my-tuned-model",
            ApiKey = "k",
            Settings = new Dictionary<string, string> { ["ApiVersion"] = "v1" }.ToFrozenDictionary(),
        };

        using var message = Prepare(stream: false, target);

        Assert.That(message.RequestUri!.AbsoluteUri, Is.EqualTo("https://generativelanguage.googleapis.com/v1/tunedModels/my-tuned-model:generateContent"));
    }

    [TestCase("../../v1beta/files#", "/v1beta/models/..%2F..%2Fv1beta%2Ffiles%23:generateContent")]
    [TestCase("gemini-2.5-flash:countTokens?x=1", "/v1beta/models/gemini-2.5-flash%3AcountTokens%3Fx%3D1:generateContent")]
    [TestCase("models/../../v1beta/cachedContents", "/v1beta/models/..%2F..%2Fv1beta%2FcachedContents:generateContent")]
    [TestCase("tunedModels/x/../../../v1/files", "/v1beta/tunedModels/x%2F..%2F..%2F..%2Fv1%2Ffiles:generateContent")]
    [TestCase("..", "/v1beta/models/..:generateContent")]
    [TestCase("a b%2F\n", "/v1beta/models/a%20b%252F%0A:generateContent")]
    public void Escapes_a_hostile_model_name_into_one_segment_of_the_generate_content_path(string model, string path)
    {
        var target = new Gateway.Transforms.Adapters.UpstreamTarget { ProviderId = ProviderId, Kind = "gemini", Model = model, ApiKey = "k" };

        using var message = Prepare(stream: false, target);

        Assert.That(message.RequestUri!.Host, Is.EqualTo("generativelanguage.googleapis.com"));
        Assert.That(message.RequestUri.AbsolutePath, Is.EqualTo(path));
        Assert.That(message.RequestUri.Query, Is.Empty);
        Assert.That(message.RequestUri.Fragment, Is.Empty);
    }

    [Test]
    public void Declares_every_capability_the_adapter_converts()
    {
        var adapter = new GeminiAdapter();

        Assert.That(adapter.Kind, Is.EqualTo("gemini"));
        Assert.That(adapter.Capabilities, Is.EqualTo(
            Gateway.Transforms.Adapters.ProviderCapabilities.Tools | Gateway.Transforms.Adapters.ProviderCapabilities.Vision
            | Gateway.Transforms.Adapters.ProviderCapabilities.JsonObject | Gateway.Transforms.Adapters.ProviderCapabilities.JsonSchema
            | Gateway.Transforms.Adapters.ProviderCapabilities.MultipleChoices | Gateway.Transforms.Adapters.ProviderCapabilities.Audio));
    }

    private static HttpRequestMessage Prepare(bool stream, Gateway.Transforms.Adapters.UpstreamTarget target)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "http://gateway/v1/chat/completions");
        new GeminiAdapter().PrepareRequest(message, "https://generativelanguage.googleapis.com", target, stream, ReadOnlyMemory<byte>.Empty);
        return message;
    }
}
