using Gateway.Transforms.Providers.Cohere;
using static Gateway.Tests.Transforms.Cohere.CohereTestSupport;

namespace Gateway.Tests.Transforms.Cohere;

[TestFixture]
public sealed class CohereAdapterTests
{
    [TestCase("https://api.cohere.com")]
    [TestCase("https://api.cohere.com/")]
    public void Posts_to_v2_chat_with_a_bearer_key(string baseUrl)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://placeholder/");
        new CohereAdapter().PrepareRequest(message, baseUrl, Target(), stream: false, ReadOnlyMemory<byte>.Empty);
        Assert.That(message.RequestUri, Is.EqualTo(new Uri("https://api.cohere.com/v2/chat")));
        Assert.That(message.Headers.Authorization?.Scheme, Is.EqualTo("Bearer"));
        Assert.That(message.Headers.Authorization?.Parameter, Is.EqualTo(Target().ApiKey));
        Assert.That(message.Headers.Accept.Select(a => a.MediaType), Is.EqualTo(new[] { "application/json" }));
    }

    [Test]
    public void Asks_for_an_event_stream_when_streaming()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://placeholder/");
        new CohereAdapter().PrepareRequest(message, "https://api.cohere.com", Target(), stream: true, ReadOnlyMemory<byte>.Empty);
        Assert.That(message.Headers.Accept.Select(a => a.MediaType), Is.EqualTo(new[] { "text/event-stream" }));
    }

    [Test]
    public void Sends_no_authorization_without_a_key()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "http://placeholder/");
        var target = new UpstreamTarget { ProviderId = "cohere-private", Kind = "cohere", Model = "command-a-03-2025" };
        new CohereAdapter().PrepareRequest(message, "http://127.0.0.1:8080", target, stream: false, ReadOnlyMemory<byte>.Empty);
        Assert.That(message.Headers.Authorization, Is.Null);
        Assert.That(message.RequestUri, Is.EqualTo(new Uri("http://127.0.0.1:8080/v2/chat")));
    }

    [Test]
    public void Declares_kind_and_capabilities()
    {
        var adapter = new CohereAdapter();
        Assert.That(adapter.Kind, Is.EqualTo("cohere"));
        Assert.That(adapter.Capabilities, Is.EqualTo(
            ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject | ProviderCapabilities.JsonSchema));
        Assert.That(adapter.Capabilities.HasFlag(ProviderCapabilities.MultipleChoices), Is.False);
    }
}
