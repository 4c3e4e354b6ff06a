using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;

namespace Gateway.Tests.Transforms.Anthropic;

[TestFixture]
public sealed class AnthropicPrepareRequestTests
{
    private static HttpRequestMessage Prepare(Dictionary<string, string>? settings = null, bool stream = false, string baseUrl = "https://api.anthropic.com")
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "http://gateway.local/v1/chat/completions")
        {
            Content = new ByteArrayContent("{}"u8.ToArray()),
        };
        // What a client may have sent to the gateway: its own gateway key, in either header.
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "gw-client-key");
        message.Headers.TryAddWithoutValidation("x-api-key", "gw-client-key");
        Adapter.PrepareRequest(message, baseUrl, Target(settings: settings), stream, "{}"u8.ToArray());
        return message;
    }

    private static string Header(HttpRequestMessage message, string name) => string.Join(",", message.Headers.GetValues(name));

    [TestCase("https://api.anthropic.com")]
    [TestCase("https://api.anthropic.com/")]
    public void Posts_to_v1_messages_under_the_base_url(string baseUrl)
    {
        using var message = Prepare(baseUrl: baseUrl);

        Assert.That(message.RequestUri, Is.EqualTo(new Uri("https://api.anthropic.com/v1/messages")));
    }

    [Test]
    public void Sends_the_provider_key_as_x_api_key_and_never_the_client_credential()
    {
        using var message = Prepare();

        Assert.That(Header(message, "x-api-key"), Is.EqualTo(ApiKey));
        Assert.That(message.Headers.Authorization, Is.Null);
    }

    [Test]
    public void Sends_the_default_anthropic_version_and_json_content_type()
    {
        using var message = Prepare();

        Assert.That(Header(message, "anthropic-version"), Is.EqualTo("2023-06-01"));
        Assert.That(message.Content!.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(message.Headers.Contains("anthropic-beta"), Is.False);
    }

    [Test]
    public void Takes_version_and_beta_headers_from_settings()
    {
        using var message = Prepare(new Dictionary<string, string>
        {
            ["AnthropicVersion"] = "2023-01-01",
            ["AnthropicBeta"] = "prompt-caching-2024-07-31,token-efficient-tools-2025-02-19",
        });

        Assert.That(Header(message, "anthropic-version"), Is.EqualTo("2023-01-01"));
        Assert.That(Header(message, "anthropic-beta"), Is.EqualTo("prompt-caching-2024-07-31,token-efficient-tools-2025-02-19"));
    }

    [TestCase(true, "text/event-stream")]
    [TestCase(false, "application/json")]
    public void Accepts_the_answer_format_asked_for(bool stream, string accept)
    {
        using var message = Prepare(stream: stream);

        Assert.That(message.Headers.Accept.Single().MediaType, Is.EqualTo(accept));
    }
}
