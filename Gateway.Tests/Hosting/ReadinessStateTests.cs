using Gateway.Proxy.Hosting;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.Hosting;

/// <summary>
/// What <see cref="ReadinessState"/> does to <c>/readyz</c> on a running in-process gateway: once stopping begins it
/// answers 503 <c>stopping</c> while requests are still served; a hold (a warm-up) keeps it at 503 until released.
/// </summary>
[TestFixture]
public sealed class ReadinessStateTests
{
    private FakeProvider _provider = null!;

    [OneTimeSetUp]
    public void StartProvider() => _provider = FakeProvider.AnsweringChats();

    [OneTimeTearDown]
    public void StopProvider() => _provider.Dispose();

    [Test]
    public async Task Stopping_turns_readyz_503_at_once_while_requests_are_still_served()
    {
        await using var gateway = await StartAsync();

        // What SIGTERM does first; the host's own stop (and so the pre-stop delay) has not begun.
        gateway.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var ready = await gateway.Http.GetAsync("/readyz");
        var answer = await gateway.ChatClient("chat").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await ready.Content.ReadAsStringAsync(), Does.Contain("\"status\":\"stopping\""));
        Assert.That(answer.Value.Content[0].Text, Is.Not.Empty);
        Assert.That(await gateway.Http.GetStringAsync("/healthz"), Is.EqualTo("ok"), "alive while stopping");
    }

    [Test]
    public async Task A_hold_keeps_readyz_at_503_until_it_is_released()
    {
        await using var gateway = await StartAsync();
        var readiness = gateway.Services.GetRequiredService<ReadinessState>();

        var hold = readiness.Hold();
        using var held = await gateway.Http.GetAsync("/readyz");
        hold.Dispose();
        hold.Dispose();
        using var released = await gateway.Http.GetAsync("/readyz");

        Assert.That(held.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await held.Content.ReadAsStringAsync(), Does.Contain("\"status\":\"not_ready\""));
        Assert.That(released.StatusCode, Is.EqualTo(HttpStatusCode.OK), "released once, however often disposed");
    }

    private Task<GatewayHost> StartAsync() => GatewayHost.StartAsync($$"""
        {
          "Gateway": {
            "Providers": { "openai": { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" } },
            "Models": { "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] } },
            "Keys": {{GatewayHost.KeysJson}}
          }
        }
        """);
}
