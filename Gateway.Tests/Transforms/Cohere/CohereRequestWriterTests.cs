using static Gateway.Tests.Transforms.Cohere.CohereTestSupport;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Cohere;

[TestFixture]
public sealed class CohereRequestWriterTests
{
    [Test]
    public void Writes_a_multi_turn_text_request_with_system_and_developer_prompts_merged_first() => AssertWritesRecorded("text");

    [Test]
    public void Never_sends_openai_only_or_gateway_only_fields()
    {
        var body = WriteRequest(Json("Requests/text.openai.json")).AsObject();
        string[] leaked = ["user", "store", "metadata", "logprobs", "parallel_tool_calls", "service_tier", "n", "logit_bias",
            "models", "provider", "usage", "top_p", "stop", "max_completion_tokens", "stream_options"];
        Assert.That(leaked.Where(body.ContainsKey), Is.Empty);
    }

    [Test]
    public void Sends_a_single_developer_prompt_as_the_system_message_unchanged()
    {
        var request = JsonNode.Parse("""
            {"model":"m","messages":[{"role":"user","content":"Hi"},{"role":"developer","content":"Be brief."}]}
            """)!;
        var body = WriteRequest(request);
        AssertJsonEqual(JsonNode.Parse("""
            [{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]
            """), body["messages"]);
    }

    [Test]
    public void Sends_images_as_cohere_image_url_parts_for_http_and_data_urls() => AssertWritesRecorded("images", Target(model: "command-a-vision-07-2025"));

    [Test]
    public void Writes_a_single_stop_string_as_a_one_item_stop_sequences_list()
    {
        var request = Json("Requests/json-object.openai.json");
        request["stop"] = "END";
        var body = WriteRequest(request);
        AssertJsonEqual(JsonNode.Parse("""["END"]"""), body["stop_sequences"]);
    }

    [Test]
    public void Omits_stop_sequences_for_an_empty_stop_list()
    {
        var request = Json("Requests/json-object.openai.json");
        request["stop"] = new JsonArray();
        Assert.That(WriteRequest(request).AsObject().ContainsKey("stop_sequences"), Is.False);
    }

    [Test]
    public void Uses_the_target_default_max_tokens_only_when_the_client_gave_none()
    {
        var request = Json("Requests/json-object.openai.json");
        Assert.That(WriteRequest(request).AsObject().ContainsKey("max_tokens"), Is.False, "Cohere does not require max_tokens");
        Assert.That(WriteRequest(request, Target(defaultMaxTokens: 4096))["max_tokens"]!.GetValue<int>(), Is.EqualTo(4096));

        request["max_tokens"] = 300;
        Assert.That(WriteRequest(request, Target(defaultMaxTokens: 4096))["max_tokens"]!.GetValue<int>(), Is.EqualTo(300));
        request["max_completion_tokens"] = 200;
        Assert.That(WriteRequest(request, Target(defaultMaxTokens: 4096))["max_tokens"]!.GetValue<int>(), Is.EqualTo(200));
    }

    [TestCase(0.5, 0.5)]
    [TestCase(1.0, 0.99)]
    [TestCase(0.0, 0.01)]
    public void Maps_top_p_to_p_within_cohere_range(double topP, double expected)
    {
        var request = Json("Requests/json-object.openai.json");
        request["top_p"] = topP;
        request["temperature"] = 0.7;
        var body = WriteRequest(request);
        Assert.That(body["p"]!.GetValue<double>(), Is.EqualTo(expected));
        Assert.That(body["temperature"]!.GetValue<double>(), Is.EqualTo(0.7));
    }

    [TestCase("temperature", 1.5)]
    [TestCase("frequency_penalty", -0.5)]
    [TestCase("presence_penalty", 1.5)]
    [TestCase("seed", -1)]
    public void Rejects_values_outside_cohere_ranges_naming_the_parameter(string name, double value)
    {
        var request = Json("Requests/json-object.openai.json");
        request[name] = name == "seed" ? JsonValue.Create((long)value) : JsonValue.Create(value);
        var error = Refusal(request);
        Assert.That(error.Param, Is.EqualTo(name));
    }

    [Test]
    public void Copies_presence_penalty_and_seed_within_range()
    {
        var request = Json("Requests/json-object.openai.json");
        request["presence_penalty"] = 0.4;
        request["seed"] = 7;
        var body = WriteRequest(request);
        Assert.That(body["presence_penalty"]!.GetValue<double>(), Is.EqualTo(0.4));
        Assert.That(body["seed"]!.GetValue<int>(), Is.EqualTo(7));
    }

    [Test]
    public void Writes_json_object_mode()
    {
        AssertJsonEqual(Json("Requests/json-object.cohere.json"), WriteRequest(Json("Requests/json-object.openai.json")));
    }

    [Test]
    public void Writes_json_schema_mode_as_json_object_with_the_bare_schema()
    {
        AssertJsonEqual(Json("Requests/json-schema.cohere.json"), WriteRequest(Json("Requests/json-schema.openai.json")));
    }

    [Test]
    public void Writes_plain_json_object_for_a_json_schema_without_a_schema()
    {
        var request = Json("Requests/json-schema.openai.json");
        request["response_format"]!["json_schema"]!.AsObject().Remove("schema");
        AssertJsonEqual(JsonNode.Parse("""{"type":"json_object"}"""), WriteRequest(request)["response_format"]);
    }

    [Test]
    public void Omits_response_format_for_text()
    {
        var request = Json("Requests/json-object.openai.json");
        request["response_format"] = JsonNode.Parse("""{"type":"text"}""");
        Assert.That(WriteRequest(request).AsObject().ContainsKey("response_format"), Is.False);
    }

    [Test]
    public void Rejects_more_than_one_choice_naming_n()
    {
        var request = Json("Requests/json-object.openai.json");
        request["n"] = 2;
        var error = Refusal(request);
        Assert.That(error.Param, Is.EqualTo("n"));
    }

    [Test]
    public void Rejects_audio_content_naming_the_part()
    {
        var request = JsonNode.Parse("""
            {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"Hi"},
             {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}
            """)!;
        var error = Refusal(request);
        Assert.That(error.Param, Is.EqualTo("messages[0].content[1].type"));
    }

    [Test]
    public void Rejects_the_deprecated_function_role()
    {
        var request = JsonNode.Parse("""
            {"model":"m","messages":[{"role":"user","content":"Hi"},{"role":"function","name":"f","content":"{}"}]}
            """)!;
        var error = Refusal(request);
        Assert.That(error.Param, Is.EqualTo("messages[1].role"));
    }

    [Test]
    public void Sends_stream_true_for_streaming_requests()
    {
        var request = Json("Requests/json-object.openai.json");
        request["stream"] = true;
        request["stream_options"] = JsonNode.Parse("""{"include_usage":true}""");
        var body = WriteRequest(request).AsObject();
        Assert.That(body["stream"]!.GetValue<bool>(), Is.True);
        Assert.That(body.ContainsKey("stream_options"), Is.False);
    }
}
