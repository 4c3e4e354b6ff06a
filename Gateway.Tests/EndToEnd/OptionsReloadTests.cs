using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Policies.Resilience;
using Gateway.Proxy.Configuration;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// Options edited in the config file: a good edit reaches the routing engine and the circuit breakers of the running
/// gateway (which keep their state); an edit with a bad value in any section is refused, named and shown in /readyz.
/// </summary>
[TestFixture]
public sealed class OptionsReloadTests
{
    private FakeProvider _a = null!;
    private FakeProvider _b = null!;

    [SetUp]
    public void StartProviders()
    {
        _a = new FakeProvider();
        _b = new FakeProvider();
        _b.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));
    }

    [TearDown]
    public void StopProviders()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Test]
    public async Task A_new_default_output_reorders_cost_routing_without_a_restart()
    {
        _a.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));
        // a: cheap prompt, dear output; b: the reverse. Which is cheaper depends on the output assumed for a request without max_tokens.
        const string model = """
            { "chat": { "Strategy": "cost", "Targets": [
              { "Provider": "a", "Model": "m", "Price": { "InputPerMTok": 1, "OutputPerMTok": 100 } },
              { "Provider": "b", "Model": "m", "Price": { "InputPerMTok": 100, "OutputPerMTok": 1 } } ] } }
            """;
        await using var gateway = await GatewayHost.StartAsync(Config(model, """{ "DefaultOutputTokens": 1 }"""));
        Assert.That(ProviderOf(await ChatAsync(gateway)), Is.EqualTo("a"));

        await gateway.ReplaceConfigAsync(Config(model, """{ "DefaultOutputTokens": 100000 }"""));

        await EventuallyAsync(async () => ProviderOf(await ChatAsync(gateway)) == "b");
    }

    [Test]
    public async Task A_new_breaker_threshold_applies_to_a_circuit_that_keeps_the_failures_it_counted()
    {
        _a.Reply("/v1/chat/completions", 500, """{"error":{"message":"down","type":"server_error"}}""");
        const string model = """{ "chat": { "Targets": [ { "Provider": "a", "Model": "m" }, { "Provider": "b", "Model": "m" } ] } }""";
        await using var gateway = await GatewayHost.StartAsync(Config(model, """{ "BreakerFailureThreshold": 1000, "MaxRetriesPerCandidate": 0 }"""));
        Assert.That(ProviderOf(await ChatAsync(gateway)), Is.EqualTo("b"), "a failed once and b answered");
        var breakers = gateway.Services.GetRequiredService<CircuitBreakerRegistry>();
        var breaker = breakers.Get("a", "m");

        await gateway.ReplaceConfigAsync(Config(model, """{ "BreakerFailureThreshold": 2, "MaxRetriesPerCandidate": 0 }"""));
        await EventuallyAsync(() => Task.FromResult(breaker.Options.FailureThreshold == 2));

        using var second = await ChatAsync(gateway);
        using var third = await ChatAsync(gateway);
        Assert.That(_a.Requests, Has.Count.EqualTo(2), "the second failure opened the circuit: the third request skipped a");
        Assert.That(breakers.Get("a", "m"), Is.SameAs(breaker));
        Assert.That(third.Headers.GetValues("x-gateway-dropped").Single(), Does.StartWith("a/m=circuit open until "));
    }

    [TestCase("Resilience", """{ "BreakerFailureThreshold": 0 }""", "Gateway:Resilience:BreakerFailureThreshold")]
    [TestCase("Resilience", """{ "DefaultOutputTokens": 0 }""", "Gateway:Resilience:DefaultOutputTokens")]
    [TestCase("Usage", """{ "BatchSize": 0 }""", "Gateway:Usage:BatchSize")]
    public async Task An_edit_with_a_bad_option_is_refused_naming_the_field_and_the_running_values_stay(string section, string value, string field)
    {
        _a.Reply("/v1/chat/completions", 200, Fixture.Text("OpenAi", "chat-text.response.json"));
        const string model = """{ "chat": { "Targets": [ { "Provider": "a", "Model": "m" } ] } }""";
        await using var gateway = await GatewayHost.StartAsync(Config(model, "{}"));
        var breaker = gateway.Services.GetRequiredService<CircuitBreakerRegistry>().Get("a", "m");
        var before = breaker.Options;

        await gateway.ReplaceConfigAsync(Config(model, "{}").Replace("\"Keys\":", $"\"{section}\": {value}, \"Keys\":", StringComparison.Ordinal));
        await EventuallyAsync(async () => await EditRejectedAsync(gateway));

        Assert.That(gateway.Services.GetRequiredService<ConfigReloadStatus>().LastErrors, Has.Some.StartsWith(field + ":"));
        Assert.That(breaker.Options, Is.SameAs(before));
        using var served = await ChatAsync(gateway);
        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private string Config(string model, string resilience) => $$"""
        {
          "Gateway": {
            "Providers": {
              "a": { "Kind": "openai", "BaseUrl": "{{_a.Url}}/v1", "ApiKey": "k" },
              "b": { "Kind": "openai", "BaseUrl": "{{_b.Url}}/v1", "ApiKey": "k" }
            },
            "Models": {{model}},
            "Health": {{GatewayHost.NoCooldownsJson}},
            "Resilience": {{resilience}},
            "Keys": {{GatewayHost.KeysJson}}
          }
        }
        """;

    private static async Task<HttpResponseMessage> ChatAsync(GatewayHost gateway)
    {
        using var body = new StringContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        var response = await gateway.Http.PostAsync("/v1/chat/completions", body);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string? ProviderOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-gateway-provider", out var values) ? values.Single() : null;

    private static async Task<bool> EditRejectedAsync(GatewayHost gateway) =>
        JsonNode.Parse(await gateway.Http.GetStringAsync("/readyz"))!["last_config_edit_rejected"]!.GetValue<bool>();

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "not picked up within 10 s");
            await Task.Delay(50);
        }
    }
}
