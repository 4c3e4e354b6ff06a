using System.Net.Http.Json;
using Gateway.Tests.EndToEnd.Completions;
using OpenAI.Moderations;

namespace Gateway.Tests.EndToEnd.Moderations;

/// <summary>
/// The OpenAI .NET SDK's <see cref="ModerationClient"/> through the gateway to an OpenAI-kind provider: text, several
/// texts and multimodal parts passed through, the answer passed back with the gateway's id.
/// </summary>
[TestFixture]
public sealed class ModerationsTests : SingleProviderFixture
{
    private const string Text = "I want to kill them.";

    protected override string ProvidersJson => string.Join(",\n", ProviderEntry("openai", "/v1"), ProviderEntry("groq", "/groq/v1"));

    protected override string ModelsJson => """
        "omni-moderation-latest": { "Targets": [ { "Provider": "openai", "Model": "omni-moderation-latest" } ] },
        "mod": { "Targets": [ { "Provider": "openai", "Model": "omni-moderation-latest" } ] },
        "groq-mod": { "Targets": [ { "Provider": "groq", "Model": "some-guard", "Kinds": ["moderations"] } ] },
        "mini": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] }
        """;

    protected override string? CatalogJson => TextKindsCatalog.Json;

    private ModerationClient Client(string model) => Gateway.OpenAIClient().GetModerationClient(model);

    [Test]
    public async Task Classifies_a_text_through_openai_and_answers_with_the_gateways_id()
    {
        Provider.Reply("/v1/moderations", 200, Fixture.Text("OpenAi", "moderations.response.json"));

        var result = await Client("mod").ClassifyTextAsync(Text);

        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(Provider.LastUrl(), Does.EndWith("/v1/moderations"));
            Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("omni-moderation-latest"));
            Assert.That(body["input"]!.GetValue<string>(), Is.EqualTo(Text));
            Assert.That(result.Value.Flagged, Is.True);
            Assert.That(result.Value.Violence.Flagged, Is.True);
            Assert.That(result.Value.Violence.Score, Is.EqualTo(0.9971897770937477f));
            Assert.That(result.Value.Sexual.Flagged, Is.False);
        });
        var raw = JsonNode.Parse(result.GetRawResponse().Content.ToString())!;
        Assert.That(raw["id"]!.GetValue<string>(), Does.StartWith("gen-"));
        Assert.That(raw["id"]!.GetValue<string>(), Is.EqualTo(result.GetRawResponse().Headers.TryGetValue("x-request-id", out var id) ? id : null));
    }

    [Test]
    public async Task Classifies_several_texts_in_order()
    {
        Provider.Reply("/v1/moderations", 200, Fixture.Text("OpenAi", "moderations-two.response.json"));

        var results = await Client("mod").ClassifyTextAsync(["What a lovely day.", Text]);

        Assert.That(Provider.LastBody()["input"]!.AsArray().Select(i => i!.GetValue<string>()), Is.EqualTo(new[] { "What a lovely day.", Text }));
        Assert.That(results.Value.Select(r => r.Flagged), Is.EqualTo(new[] { false, true }));
        Assert.That(results.Value.Id, Does.StartWith("gen-"));
        Assert.That(results.Value.Model, Is.EqualTo("omni-moderation-latest"));
    }

    [Test]
    public async Task Passes_multimodal_parts_through()
    {
        Provider.Reply("/v1/moderations", 200, Fixture.Text("OpenAi", "moderations.response.json"));

        // Multimodal input is the SDK's evaluation API (OPENAI001); the wire shape is OpenAI's stable one.
#pragma warning disable OPENAI001
        var result = await Client("mod").ClassifyInputsAsync(
        [
            ModerationInputPart.CreateTextPart(Text),
            ModerationInputPart.CreateImagePart(new Uri("https://example.com/image.png")),
        ]);
#pragma warning restore OPENAI001

        var input = Provider.LastBody()["input"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(input, Has.Count.EqualTo(2));
            Assert.That(input[0]!["type"]!.GetValue<string>(), Is.EqualTo("text"));
            Assert.That(input[0]!["text"]!.GetValue<string>(), Is.EqualTo(Text));
            Assert.That(input[1]!["type"]!.GetValue<string>(), Is.EqualTo("image_url"));
            Assert.That(input[1]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo("https://example.com/image.png"));
            Assert.That(result.Value.Flagged, Is.True);
        });
    }

    [Test]
    public async Task A_request_without_a_model_uses_openais_default_name()
    {
        Provider.Reply("/v1/moderations", 200, Fixture.Text("OpenAi", "moderations.response.json"));

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/moderations", new { input = Text });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(Provider.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("omni-moderation-latest"));
    }

    [Test]
    public async Task A_chat_alias_or_a_provider_without_moderations_is_a_400_naming_model()
    {
        using var chat = await Gateway.Http.PostAsJsonAsync("/v1/moderations", new { model = "mini", input = Text });
        using var groq = await Gateway.Http.PostAsJsonAsync("/v1/moderations", new { model = "groq-mod", input = Text });

        foreach (var response in new[] { chat, groq })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(JsonNode.Parse(text)!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("model"));
        }
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task The_models_list_says_which_aliases_serve_moderations_and_the_endpoint_has_its_series()
    {
        Provider.Reply("/v1/moderations", 200, Fixture.Text("OpenAi", "moderations.response.json"));
        var before = await MetricsText.ValueAsync("gateway_endpoint_requests_total{endpoint=\"moderations\",status=\"200\"}");

        await Client("mod").ClassifyTextAsync(Text);
        var listed = JsonNode.Parse(await Gateway.Http.GetStringAsync("/v1/models?kind=moderations"))!["data"]!.AsArray();

        Assert.That(listed.Select(m => m!["id"]!.GetValue<string>()), Is.EquivalentTo(new[] { "omni-moderation-latest", "mod", "groq-mod" }));
        Assert.That(listed.Single(m => m!["id"]!.GetValue<string>() == "mod")!["kinds"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "moderations" }));
        Assert.That(await MetricsText.ValueAsync("gateway_endpoint_requests_total{endpoint=\"moderations\",status=\"200\"}") - before, Is.EqualTo(1));
    }

    [Test]
    public async Task Bad_input_is_a_400_naming_the_field()
    {
        using var missing = await Gateway.Http.PostAsJsonAsync("/v1/moderations", new { model = "mod" });
        using var badPart = await Gateway.Http.PostAsJsonAsync("/v1/moderations", new { model = "mod", input = new[] { new { type = "audio" } } });

        Assert.That(JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("input"));
        Assert.That(JsonNode.Parse(await badPart.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>(), Is.EqualTo("input[0].type"));
    }
}
