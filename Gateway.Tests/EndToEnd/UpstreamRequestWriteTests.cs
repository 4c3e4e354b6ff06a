namespace Gateway.Tests.EndToEnd;

/// <summary>
/// The provider request leaves the gateway in one write, head and body together: YARP alone flushes the head first,
/// which costs a packet and a system call per request (bench/README.md, twelfth round). On loopback one write arrives
/// as one read. A head written on its own arrives alone only when the provider's read falls between the two writes,
/// which is often but not always: <c>SingleWriteBodyHandlerTests</c> pins the mechanism, these show it in place end to
/// end, over many requests, with the head and body the provider should get.
/// </summary>
[TestFixture]
public sealed class UpstreamRequestWriteTests
{
    private FirstReadProvider _provider = null!;
    private GatewayHost _gateway = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _provider = FirstReadProvider.Start(Fixture.Text("OpenAi", "chat-text.response.json"));
        _gateway = await GatewayHost.StartAsync($$"""
            {
              "Gateway": {
                "Providers": { "raw": { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "provider-key" } },
                "Models": { "gpt-raw": { "Targets": [ { "Provider": "raw", "Model": "gpt-4o-mini" } ] } },
                "Keys": {{GatewayHost.KeysJson}}
              }
            }
            """);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _gateway.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Test]
    public async Task Sends_the_request_head_and_body_to_the_provider_in_one_write()
    {
        var client = _gateway.ChatClient("gpt-raw");
        // Twice: the second goes over a kept connection, where the provider already waits in a read, so a head sent on its
        // own would arrive on its own (a fresh connection's first read may come late enough to hold both).
        for (var i = 0; i < 2; i++)
        {
            var completion = await client.CompleteChatAsync(
                [new SystemChatMessage("Be brief."), new UserChatMessage("Why is the sky blue?")], new ChatCompletionOptions { Temperature = 0.2f });
            Assert.That(completion.Value.Content[0].Text, Is.Not.Empty);
        }

        var reads = _provider.FirstReads;
        var first = reads[^1];
        var headEnd = first.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.That(headEnd, Is.GreaterThan(0), "the head arrived whole in the first read");
        var head = Encoding.ASCII.GetString(first, 0, headEnd);
        var body = Encoding.UTF8.GetString(first, headEnd + 4, first.Length - headEnd - 4);
        Assert.That(first.Length - headEnd - 4, Is.EqualTo(RawSocketProvider.ContentLength(head)), "the whole body arrived with the head");
        Assert.That(head, Does.Contain("Content-Type: application/json"));
        Assert.That(head, Does.Contain("Authorization: Bearer provider-key"));
        var sent = JsonNode.Parse(body)!;
        Assert.That(sent["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o-mini"));
        Assert.That(sent["messages"]![1]!["content"]!.GetValue<string>(), Is.EqualTo("Why is the sky blue?"));
    }

    [Test]
    public async Task Sends_every_attempt_of_a_kept_connection_in_one_write()
    {
        for (var i = 0; i < 20; i++)
        {
            using var response = await _gateway.PostChatAsync(GatewayHost.HiChatBody("gpt-raw"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        foreach (var first in _provider.FirstReads)
        {
            var headEnd = first.AsSpan().IndexOf("\r\n\r\n"u8);
            Assert.That(headEnd, Is.GreaterThan(0));
            Assert.That(first.Length - headEnd - 4, Is.EqualTo(RawSocketProvider.ContentLength(Encoding.ASCII.GetString(first, 0, headEnd))));
        }
    }
}
