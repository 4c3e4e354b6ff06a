using System.Buffers;
using Gateway.Transforms.Providers.Bedrock;
using Gateway.Tests.Transforms.Conformance;

namespace Gateway.Tests.Transforms.Bedrock;

[TestFixture]
public sealed class BedrockRequestWriterTests
{
    [TestCase("text-multi-turn", Description = "system and developer prompts, multi-turn, gateway and OpenAI-only fields dropped")]
    [TestCase("image-data-url")]
    [TestCase("tools-auto")]
    [TestCase("tool-round-trip", Description = "assistant tool calls and consecutive tool results merged into one user turn")]
    [TestCase("history-tools-without-tools", Description = "toolConfig declared for a history with tool blocks")]
    [TestCase("inference-config")]
    [TestCase("json-object")]
    [TestCase("json-schema")]
    [TestCase("json-schema-with-tools")]
    public void Writes_the_converse_body_of_the_fixture(string name)
    {
        var body = Write(BedrockTestRig.ReadText("Requests", name + ".openai.json"));

        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse(BedrockTestRig.ReadText("Requests", name + ".converse.json")), body);
    }

    [TestCase("\"required\"", """{"any":{}}""")]
    [TestCase("""{"type":"function","function":{"name":"top_song"}}""", """{"tool":{"name":"top_song"}}""")]
    [TestCase("\"auto\"", """{"auto":{}}""")]
    public void Maps_tool_choice(string toolChoice, string expected)
    {
        var body = Write(ToolRequest($", \"tool_choice\": {toolChoice}"));

        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse(expected), body["toolConfig"]!["toolChoice"]);
        Assert.That(body["toolConfig"]!["tools"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public void Leaves_tool_choice_to_the_model_when_the_client_gives_none()
    {
        var body = Write(ToolRequest(""));

        Assert.That(body["toolConfig"]!.AsObject().ContainsKey("toolChoice"), Is.False);
        Assert.That(body["toolConfig"]!["tools"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public void Drops_the_tools_when_tool_choice_is_none()
    {
        var body = Write(ToolRequest(", \"tool_choice\": \"none\""));

        Assert.That(body.AsObject().ContainsKey("toolConfig"), Is.False);
    }

    [Test]
    public void Converts_a_single_stop_string_to_a_stop_sequence_list()
    {
        var body = Write("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"stop":"END"}""");

        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse("""{"stopSequences":["END"]}"""), body["inferenceConfig"]);
    }

    [Test]
    public void Uses_the_target_default_max_tokens_when_the_client_gives_none()
    {
        var body = Write("""{"model":"m","messages":[{"role":"user","content":"Hi"}]}""", defaultMaxTokens: 4096);

        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse("""{"maxTokens":4096}"""), body["inferenceConfig"]);
    }

    [Test]
    public void Prefers_the_client_max_tokens_over_the_target_default()
    {
        var body = Write("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"max_tokens":50}""", defaultMaxTokens: 4096);

        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse("""{"maxTokens":50}"""), body["inferenceConfig"]);
    }

    [Test]
    public void Omits_inference_config_when_nothing_is_set()
    {
        var body = Write("""{"model":"m","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.That(body.AsObject().ContainsKey("inferenceConfig"), Is.False);
    }

    [Test]
    public void Refuses_more_than_one_choice()
    {
        var error = WriteError("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"n":2}""");

        Assert.That(error.StatusCode, Is.EqualTo(400));
        Assert.That(error.Param, Is.EqualTo("n"));
    }

    [Test]
    public void Refuses_an_image_given_by_http_url_naming_the_parameter()
    {
        var error = WriteError("""
            {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}
            """);

        Assert.That(error.StatusCode, Is.EqualTo(400));
        Assert.That(error.Param, Is.EqualTo("messages[0].content[1].image_url.url"));
        Assert.That(error.Message, Does.Contain("data URL"));
    }

    [TestCase("data:image/bmp;base64,Qk0=", "image/png, image/jpeg, image/gif and image/webp")]
    [TestCase("data:image/png,rawbytes", "base64")]
    [TestCase("data:image/png;base64,***", "not valid base64")]
    public void Refuses_an_image_data_url_converse_cannot_take(string url, string reason)
    {
        var error = WriteError($$$"""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]}]}""");

        Assert.That(error.Param, Is.EqualTo("messages[0].content[0].image_url.url"));
        Assert.That(error.Message, Does.Contain(reason));
    }

    [Test]
    public void Accepts_gif_and_webp_images()
    {
        var body = Write("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"image_url","image_url":{"url":"data:image/gif;base64,R0lGODlhAQABAAAAACw="}},
              {"type":"image_url","image_url":{"url":"data:image/webp;base64,UklGRhoAAABXRUJQ"}}]}]}
            """);

        var content = body["messages"]![0]!["content"]!.AsArray();
        Assert.That(content[0]!["image"]!["format"]!.GetValue<string>(), Is.EqualTo("gif"));
        Assert.That(content[1]!["image"]!["format"]!.GetValue<string>(), Is.EqualTo("webp"));
    }

    [Test]
    public void Refuses_audio_content_parts()
    {
        var error = WriteError("""{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA=","format":"wav"}}]}]}""");

        Assert.That(error.Param, Is.EqualTo("messages[0].content[0].type"));
    }

    [Test]
    public void Refuses_a_client_tool_named_like_the_json_mode_tool()
    {
        var error = WriteError("""
            {"model":"m","messages":[{"role":"user","content":"Hi"}],
             "tools":[{"type":"function","function":{"name":"gateway_json_response"}}]}
            """);

        Assert.That(error.Param, Is.EqualTo("tools[0].function.name"));
    }

    [Test]
    public void Refuses_tool_call_arguments_that_are_not_a_json_object()
    {
        var error = WriteError("""
            {"model":"m","messages":[{"role":"user","content":"Hi"},
              {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{not json"}}]},
              {"role":"tool","tool_call_id":"t1","content":"ok"}]}
            """);

        Assert.That(error.Param, Is.EqualTo("messages[1].tool_calls[0].function.arguments"));
    }

    [Test]
    public void Sends_an_empty_tool_result_as_one_empty_text_block()
    {
        var body = Write("""
            {"model":"m","messages":[{"role":"user","content":"Hi"},
              {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"t1","content":""}]}
            """);

        ProviderConformanceRig.AssertJsonEqual(JsonNode.Parse("""[{"text":""}]"""), body["messages"]![2]!["content"]![0]!["toolResult"]!["content"]);
    }

    [Test]
    public void Leaves_the_callers_buffer_untouched_when_refusing_a_request()
    {
        using var request = BedrockTestRig.Parse("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""");
        var buffer = new ArrayBufferWriter<byte>();

        var error = BedrockRequestWriter.Write(request, BedrockTestRig.Target(), buffer);

        Assert.That(error, Is.Not.Null);
        Assert.That(buffer.WrittenCount, Is.Zero);
    }

    private static string ToolRequest(string toolChoice) =>
        """
        {"model":"m","messages":[{"role":"user","content":"What is the most popular song on WZPZ?"}],
         "tools":[{"type":"function","function":{"name":"top_song","parameters":{"type":"object","properties":{"sign":{"type":"string"}}}}}]
        """ + toolChoice + "}";

    private static JsonNode Write(string openAiJson, int? defaultMaxTokens = null)
    {
        using var request = BedrockTestRig.Parse(openAiJson);
        var buffer = new ArrayBufferWriter<byte>();
        var error = BedrockRequestWriter.Write(request, BedrockTestRig.Target(defaultMaxTokens), buffer);
        Assert.That(error, Is.Null, () => error!.Message);
        return BedrockTestRig.ParseJson(buffer.WrittenSpan);
    }

    private static Gateway.Transforms.Errors.GatewayError WriteError(string openAiJson)
    {
        using var request = BedrockTestRig.Parse(openAiJson);
        var error = BedrockRequestWriter.Write(request, BedrockTestRig.Target(), new ArrayBufferWriter<byte>());
        Assert.That(error, Is.Not.Null);
        Assert.That(error!.StatusCode, Is.EqualTo(400));
        return error;
    }
}
