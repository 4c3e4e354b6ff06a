namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Base of end-to-end fixtures whose tests start gateways of their own in front of two OpenAI-compatible providers,
/// <see cref="A"/> and <see cref="B"/>: fresh for each test, both answering chat with the same recorded answer.
/// </summary>
public abstract class TwoProviderTest
{
    private FakeProvider? _a;
    private FakeProvider? _b;

    protected FakeProvider A => _a ?? throw new InvalidOperationException("The test's providers are not started yet.");

    protected FakeProvider B => _b ?? throw new InvalidOperationException("The test's providers are not started yet.");

    [SetUp]
    public void StartProviders()
    {
        _a = new FakeProvider();
        _b = new FakeProvider();
        _a.AnswerChats();
        _b.AnswerChats();
    }

    [TearDown]
    public void StopProviders()
    {
        _a?.Dispose();
        _b?.Dispose();
    }

    /// <summary>A chat request for <paramref name="model"/> with one user message; <paramref name="extra"/> is JSON members (each ending in a comma) put before the messages.</summary>
    protected static async Task<HttpResponseMessage> ChatAsync(GatewayHost gateway, string model, string extra = "", string content = "\"hi\"")
    {
        using var body = new StringContent($$"""{"model":"{{model}}",{{extra}}"messages":[{"role":"user","content":{{content}}}]}""", Encoding.UTF8, "application/json");
        return await gateway.Http.PostAsync("/v1/chat/completions", body);
    }
}
