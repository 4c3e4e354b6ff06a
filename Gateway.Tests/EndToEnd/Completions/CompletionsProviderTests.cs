using System.Net.Http.Json;

namespace Gateway.Tests.EndToEnd.Completions;

/// <summary>
/// <c>POST /v1/completions</c> in the shape the OpenAI SDKs send it (the .NET SDK has no completions client), plain and
/// streamed: passed through to providers with a completions API, translated to one chat message for providers that
/// only chat (each played with its own wire format), and refused, naming the field, where the target cannot honour it.
/// </summary>
[TestFixture]
public sealed class CompletionsProviderTests : SingleProviderFixture
{
    private const string Prompt = "Say this is a test";

    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider.Url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "anthropic": { "Kind": "anthropic", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "gemini": { "Kind": "gemini", "BaseUrl": "{{Provider.Url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "deepseek": { "Kind": "deepseek", "BaseUrl": "{{Provider.Url}}/deepseek/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
        "ollama": { "Kind": "ollama", "BaseUrl": "{{Provider.Url}}/ollama/v1" }
        """;

    protected override string ModelsJson => """
        "instruct": { "Targets": [ { "Provider": "openai", "Model": "gpt-3.5-turbo-instruct" } ] },
        "claude": { "Targets": [ { "Provider": "anthropic", "Model": "claude-haiku-4-5" } ] },
        "flash": { "Targets": [ { "Provider": "gemini", "Model": "gemini-2.5-flash" } ] },
        "mini": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
        "fim": { "Targets": [ { "Provider": "deepseek", "Model": "deepseek-chat" } ] },
        "local": { "Targets": [ { "Provider": "ollama", "Model": "qwen2.5-coder", "Kinds": ["completions"] } ] },
        "emb": { "Targets": [ { "Provider": "openai", "Model": "text-embedding-3-small" } ] },
        "mixed": { "Strategy": "failover", "Targets": [ { "Provider": "anthropic", "Model": "claude-haiku-4-5" }, { "Provider": "openai", "Model": "gpt-3.5-turbo-instruct" } ] }
        """;

    protected override string SettingsJson => base.SettingsJson + """
        , "Limits": { "MaxCompletionsBodyBytes": 4096 }
        """;

    protected override string? CatalogJson => TextKindsCatalog.Json;

    [Test]
    public async Task Passes_a_completion_through_to_openai_with_the_gateways_id_and_every_field()
    {
        Provider.Reply("/v1/completions", 200, Fixture.Text("OpenAi", "completions.response.json"));
        var before = await MetricsText.ValueAsync("gateway_endpoint_requests_total{endpoint=\"completions\",status=\"200\"}");

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", new
        {
            model = "instruct", prompt = Prompt, max_tokens = 7, temperature = 0, echo = true, logprobs = 1, suffix = ".", best_of = 2, user = "user-7",
            models = new[] { "instruct" },
        });

        var answer = await AnswerAsync(response);
        var body = Provider.LastBody();
        Assert.Multiple(async () =>
        {
            Assert.That(Provider.LastUrl(), Does.EndWith("/v1/completions"));
            Assert.That(Provider.LastHeaders()["Authorization"].ToString(), Is.EqualTo($"Bearer {FakeProvider.ProviderKey}"));
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("gpt-3.5-turbo-instruct"));
            Assert.That(body["prompt"]!.GetValue<string>(), Is.EqualTo(Prompt));
            Assert.That((body["echo"]!.GetValue<bool>(), body["logprobs"]!.GetValue<int>(), body["suffix"]!.GetValue<string>()), Is.EqualTo((true, 1, ".")));
            Assert.That((body["max_tokens"]!.GetValue<int>(), body["best_of"]!.GetValue<int>(), body["user"]!.GetValue<string>()), Is.EqualTo((7, 2, "user-7")));
            Assert.That(body.ContainsKey("models"), Is.False, "the gateway's own field stays home");
            Assert.That(answer["id"]!.GetValue<string>(), Does.StartWith("gen-"));
            Assert.That(answer["id"]!.GetValue<string>(), Is.EqualTo(response.Headers.GetValues("x-request-id").Single()));
            Assert.That(answer["object"]!.GetValue<string>(), Is.EqualTo("text_completion"));
            Assert.That(answer["choices"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("\n\nThis is indeed a test"));
            Assert.That(answer["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("length"));
            Assert.That(answer["usage"]!["total_tokens"]!.GetValue<int>(), Is.EqualTo(12));
            Assert.That(await MetricsText.ValueAsync("gateway_endpoint_requests_total{endpoint=\"completions\",status=\"200\"}") - before, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Streams_through_openai_with_the_gateways_id_and_usage_asked_for_billing_only()
    {
        Provider.ReplyStream("/v1/completions", Fixture.Text("OpenAi", "completions.stream.txt"));

        using var response = await PostStreamAsync(new { model = "instruct", prompt = Prompt, max_tokens = 7, stream = true });
        var (chunks, done) = await ChunksAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(Provider.LastBody()["stream_options"]!["include_usage"]!.GetValue<bool>(), Is.True, "asked for billing");
            Assert.That(done, Is.True);
            Assert.That(chunks.Select(c => c["id"]!.GetValue<string>()).Distinct().Single(), Does.StartWith("gen-"));
            Assert.That(chunks.All(c => c["object"]!.GetValue<string>() == "text_completion"));
            Assert.That(string.Concat(chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => c!["text"]!.GetValue<string>())), Is.EqualTo("\n\nThis is indeed a test"));
            Assert.That(chunks.Any(c => c["usage"] is JsonObject), Is.False, "the client did not ask for the usage chunk");
        });
    }

    [Test]
    public async Task Streams_the_usage_chunk_to_a_client_that_asks_for_it()
    {
        Provider.ReplyStream("/v1/completions", Fixture.Text("OpenAi", "completions.stream.txt"));

        using var response = await PostStreamAsync(new { model = "instruct", prompt = Prompt, stream = true, stream_options = new { include_usage = true } });
        var (chunks, _) = await ChunksAsync(response);

        Assert.That(chunks.Last()["usage"]!["completion_tokens"]!.GetValue<int>(), Is.EqualTo(7));
    }

    [Test]
    public async Task Anthropic_gets_the_prompt_as_one_user_message_and_answers_a_text_completion()
    {
        Provider.Reply("/v1/messages", 200, Fixture.Text("Anthropic", "response-text.json"));

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "claude", prompt = new[] { Prompt }, max_tokens = 64, temperature = 0.5, stop = "\n\n" });

        var answer = await AnswerAsync(response);
        var body = Provider.LastBody();
        Assert.Multiple(() =>
        {
            Assert.That(Provider.LastUrl(), Does.EndWith("/v1/messages"));
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("claude-haiku-4-5"));
            Assert.That(body["messages"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(body["messages"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("user"));
            Assert.That(body["messages"]![0]!.ToJsonString(), Does.Contain(Prompt));
            Assert.That(body["max_tokens"]!.GetValue<int>(), Is.EqualTo(64));
            Assert.That(body["stop_sequences"]![0]!.GetValue<string>(), Is.EqualTo("\n\n"));
            Assert.That(answer["object"]!.GetValue<string>(), Is.EqualTo("text_completion"));
            Assert.That(answer["id"]!.GetValue<string>(), Does.StartWith("gen-"));
            Assert.That(answer["choices"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Hi! My name is Claude."));
            Assert.That(answer["choices"]![0]!["index"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(answer["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
            Assert.That(answer["choices"]![0]!.AsObject().ContainsKey("message"), Is.False);
            Assert.That((answer["usage"]!["prompt_tokens"]!.GetValue<int>(), answer["usage"]!["completion_tokens"]!.GetValue<int>()), Is.EqualTo((2095, 503)));
        });
    }

    [Test]
    public async Task Anthropic_streams_text_completion_chunks()
    {
        Provider.ReplyStream("/v1/messages", Fixture.Text("Anthropic", "stream-text.sse"));

        using var response = await PostStreamAsync(new { model = "claude", prompt = Prompt, stream = true, stream_options = new { include_usage = true } });
        var (chunks, done) = await ChunksAsync(response);

        var choices = chunks.SelectMany(c => c["choices"]!.AsArray()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Provider.LastBody()["stream"]!.GetValue<bool>(), Is.True);
            Assert.That(done, Is.True);
            Assert.That(chunks.All(c => c["object"]!.GetValue<string>() == "text_completion"));
            Assert.That(chunks.Select(c => c["id"]!.GetValue<string>()).Distinct().Single(), Does.StartWith("gen-"));
            Assert.That(string.Concat(choices.Select(c => c!["text"]!.GetValue<string>())), Is.EqualTo("Hello there!"));
            Assert.That(choices.Last()!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
            Assert.That(choices.Any(c => c!.AsObject().ContainsKey("delta")), Is.False);
            Assert.That(chunks.Last()["usage"]!["prompt_tokens"]!.GetValue<int>(), Is.EqualTo(11));
        });
    }

    [Test]
    public async Task Gemini_answers_a_text_completion_whole_and_streamed()
    {
        Provider.Reply("/v1beta/models/gemini-2.5-flash:generateContent", 200, Fixture.Text("Gemini", "response_text.json"));
        Provider.ReplyStream("/v1beta/models/gemini-2.5-flash:streamGenerateContent", Fixture.Text("Gemini", "stream_text.sse"));

        using var whole = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "flash", prompt = Prompt, max_tokens = 100 });
        var answer = await AnswerAsync(whole);
        var contents = Provider.LastBody()["contents"]!.AsArray();
        using var streamed = await PostStreamAsync(new { model = "flash", prompt = Prompt, stream = true });
        var (chunks, done) = await ChunksAsync(streamed);

        Assert.Multiple(() =>
        {
            Assert.That(contents, Has.Count.EqualTo(1));
            Assert.That(contents[0]!["role"]!.GetValue<string>(), Is.EqualTo("user"));
            Assert.That(contents[0]!["parts"]![0]!["text"]!.GetValue<string>(), Is.EqualTo(Prompt));
            Assert.That(answer["object"]!.GetValue<string>(), Is.EqualTo("text_completion"));
            Assert.That(answer["choices"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Bonjour ! 2 + 2 = 4.\n\"Quatre\"."));
            Assert.That(answer["usage"]!["prompt_tokens"]!.GetValue<int>(), Is.EqualTo(12));
            Assert.That(done, Is.True);
            Assert.That(string.Concat(chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => c!["text"]!.GetValue<string>())),
                Is.EqualTo("Bonjour, ça va ? 🙂\n\"Très\" bien"));
            Assert.That(chunks.SelectMany(c => c["choices"]!.AsArray()).Last()!["finish_reason"]!.GetValue<string>(), Is.EqualTo("stop"));
        });
    }

    [Test]
    public async Task A_chat_model_at_openai_is_answered_through_its_chat_api()
    {
        Provider.AnswerChats();

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "mini", prompt = Prompt });
        var answer = await AnswerAsync(response);

        Assert.That(Provider.LastUrl(), Does.EndWith("/v1/chat/completions"));
        Assert.That(Provider.LastBody()["messages"]![0]!["content"]!.GetValue<string>(), Is.EqualTo(Prompt));
        Assert.That(answer["choices"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Hello! How can I assist you today?"));
    }

    [Test]
    public async Task DeepSeek_fill_in_the_middle_goes_to_its_beta_root_with_the_suffix()
    {
        Provider.Reply("/deepseek/beta/completions", 200, Fixture.Text("OpenAi", "completions.response.json"));

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "fim", prompt = "def fib(a):", suffix = "    return fib(a-1) + fib(a-2)", max_tokens = 128 });
        await AnswerAsync(response);

        Assert.That(Provider.LastUrl(), Does.EndWith("/deepseek/beta/completions"));
        Assert.That(Provider.LastBody()["suffix"]!.GetValue<string>(), Is.EqualTo("    return fib(a-1) + fib(a-2)"));
        Assert.That(Provider.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("deepseek-chat"));
    }

    [TestCase("claude", "echo", true)]
    [TestCase("claude", "logprobs", 2)]
    [TestCase("claude", "suffix", "}")]
    [TestCase("flash", "echo", true)]
    [TestCase("flash", "logprobs", 0)]
    [TestCase("flash", "suffix", "}")]
    [TestCase("flash", "best_of", 3)]
    [TestCase("local", "echo", true)]
    [TestCase("local", "logprobs", 1)]
    public async Task Refuses_what_the_target_cannot_honour_naming_the_field(string model, string field, object value)
    {
        var body = new JsonObject { ["model"] = model, ["prompt"] = Prompt, [field] = JsonValue.Create(value) };

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", body);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("unsupported_parameter"));
        Assert.That(Provider.Requests, Is.Empty, "nothing was sent");
    }

    [Test]
    public async Task A_field_one_target_cannot_honour_goes_to_the_next_that_can()
    {
        Provider.Reply("/v1/completions", 200, Fixture.Text("OpenAi", "completions.response.json"));

        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "mixed", prompt = Prompt, echo = true });

        await AnswerAsync(response);
        Assert.That(response.Headers.GetValues("x-gateway-provider").Single(), Is.EqualTo("openai"));
        Assert.That(Provider.Requests.Select(r => r.RequestMessage.Path), Is.EqualTo(new[] { "/v1/completions" }), "nothing was sent to Anthropic");
    }

    [Test]
    public async Task A_body_over_the_completions_limit_is_a_413()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "instruct", prompt = new string('a', 5000) });

        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task Refuses_several_prompts_or_token_ids_for_a_chat_target_naming_prompt()
    {
        using var several = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "claude", prompt = new[] { "a", "b" } });
        using var tokens = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "claude", prompt = new[] { 1212, 318 } });

        Assert.That((await ErrorAsync(several, HttpStatusCode.BadRequest))["param"]!.GetValue<string>(), Is.EqualTo("prompt"));
        Assert.That((await ErrorAsync(tokens, HttpStatusCode.BadRequest))["param"]!.GetValue<string>(), Is.EqualTo("prompt"));
    }

    [Test]
    public async Task An_alias_that_does_not_serve_completions_is_a_400_naming_model()
    {
        using var response = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "emb", prompt = Prompt });

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("model"));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("model_not_supported"));
    }

    [Test]
    public async Task Bad_input_is_a_400_naming_the_field()
    {
        using var noPrompt = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "instruct" });
        using var badEcho = await Gateway.Http.PostAsJsonAsync("/v1/completions", new { model = "instruct", prompt = "x", echo = "yes" });

        Assert.That((await ErrorAsync(noPrompt, HttpStatusCode.BadRequest))["param"]!.GetValue<string>(), Is.EqualTo("prompt"));
        Assert.That((await ErrorAsync(badEcho, HttpStatusCode.BadRequest))["param"]!.GetValue<string>(), Is.EqualTo("echo"));
    }

    [Test]
    public async Task The_models_list_says_which_aliases_serve_completions()
    {
        var all = JsonNode.Parse(await Gateway.Http.GetStringAsync("/v1/models?kind=completions"))!["data"]!.AsArray();

        var ids = all.Select(m => m!["id"]!.GetValue<string>()).ToList();
        Assert.That(ids, Does.Contain("instruct").And.Contain("claude").And.Contain("local"));
        Assert.That(ids, Does.Not.Contain("emb"));
    }

    private Task<HttpResponseMessage> PostStreamAsync(object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = JsonContent.Create(body) };
        return Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static async Task<JsonObject> AnswerAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonObject> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        return JsonNode.Parse(text)!["error"]!.AsObject();
    }

    /// <summary>The stream's JSON chunks, and whether it ended with <c>[DONE]</c>.</summary>
    private static async Task<(List<JsonObject> Chunks, bool Done)> ChunksAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        var (events, aborted) = await SseReading.ReadEventsAsync(response);
        Assert.That(aborted, Is.False);
        var data = events.Select(e => e.Trim()).Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e["data: ".Length..]).ToList();
        var done = data.Count > 0 && data[^1] == "[DONE]";
        return (data.Where(d => d != "[DONE]").Select(d => JsonNode.Parse(d)!.AsObject()).ToList(), done);
    }
}
