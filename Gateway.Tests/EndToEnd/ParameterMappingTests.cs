namespace Gateway.Tests.EndToEnd;

/// <summary>
/// A provider model's parameter mapping from the config file (<c>ParameterMapping</c> on a target), applied to the body
/// the adapter wrote: WireMock sees the renamed, dropped, defaulted and clamped fields.
/// </summary>
[TestFixture]
public sealed class ParameterMappingTests : SingleProviderFixture
{
    protected override string ProvidersJson => ProviderEntry("openai", "/v1");

    protected override string ModelsJson => """
        "plain": { "Targets": [ { "Provider": "openai", "Model": "m" } ] },
        "mapped": { "Targets": [ { "Provider": "openai", "Model": "m", "ParameterMapping": {
          "max_tokens": { "Rename": "max_output" },
          "user": { "Drop": true },
          "temperature": { "Default": "0.3", "Max": 1 },
          "service_tier": { "Default": "flex" }
        } } ] }
        """;

    [SetUp]
    public void Answer()
    {
        Provider.Reset();
        Provider.AnswerChats();
    }

    [Test]
    public async Task Renames_a_field()
    {
        var body = await ForwardedAsync("mapped", """ "max_tokens": 50 """);

        Assert.That(body["max_output"]!.GetValue<int>(), Is.EqualTo(50));
        Assert.That(body.ContainsKey("max_tokens"), Is.False);
    }

    [Test]
    public async Task Drops_a_field()
    {
        var body = await ForwardedAsync("mapped", """ "user": "end-user-7" """);

        Assert.That(body.ContainsKey("user"), Is.False);
        Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("m"), "the rest goes as the adapter wrote it");
    }

    [Test]
    public async Task Sets_a_default_only_where_the_client_gave_none()
    {
        var defaulted = await ForwardedAsync("mapped", """ "seed": 1 """);
        Assert.That(defaulted["temperature"]!.GetValue<decimal>(), Is.EqualTo(0.3m));
        Assert.That(defaulted["service_tier"]!.GetValue<string>(), Is.EqualTo("flex"));

        var given = await ForwardedAsync("mapped", """ "temperature": 0.9 """);
        Assert.That(given["temperature"]!.GetValue<decimal>(), Is.EqualTo(0.9m));
    }

    [Test]
    public async Task Clamps_a_number_into_its_range()
    {
        var body = await ForwardedAsync("mapped", """ "temperature": 1.8 """);

        Assert.That(body["temperature"]!.GetValue<decimal>(), Is.EqualTo(1m));
    }

    [Test]
    public async Task Leaves_a_model_without_a_mapping_alone()
    {
        var body = await ForwardedAsync("plain", """ "max_tokens": 50, "user": "u", "temperature": 1.8 """);

        Assert.That((body["max_tokens"]!.GetValue<int>(), body["user"]!.GetValue<string>(), body["temperature"]!.GetValue<decimal>()), Is.EqualTo((50, "u", 1.8m)));
        Assert.That(body.ContainsKey("service_tier"), Is.False);
    }

    private async Task<JsonObject> ForwardedAsync(string model, string fields)
    {
        using var content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}],{{fields}}}""", Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return Provider.LastBody();
    }
}
