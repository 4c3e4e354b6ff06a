using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Anthropic;

[TestFixture]
public sealed class AnthropicJsonModeRequestTests
{
    [Test]
    public void Forces_the_answer_tool_with_the_json_schema() => AssertWritesRecorded("request-json-schema");

    [Test]
    public void Uses_an_empty_object_schema_when_json_schema_has_none()
    {
        var request = Fixture("request-json-schema.openai.json");
        request["response_format"]!["json_schema"]!.AsObject().Remove("schema");

        var body = WriteRequest(request);

        AssertJsonEqual(JsonNode.Parse("""{"type":"object","properties":{}}"""), body["tools"]![0]!["input_schema"]);
    }

    [TestCase("", """{"type":"any","disable_parallel_tool_use":true}""")]
    [TestCase("\"auto\"", """{"type":"any","disable_parallel_tool_use":true}""")]
    [TestCase("\"required\"", """{"type":"any","disable_parallel_tool_use":true}""")]
    [TestCase("\"none\"", """{"type":"tool","name":"gateway_json_response","disable_parallel_tool_use":true}""")]
    [TestCase("""{"type":"function","function":{"name":"get_time"}}""", """{"type":"tool","name":"get_time","disable_parallel_tool_use":true}""")]
    public void Lets_the_model_choose_between_client_tools_and_the_answer_tool(string toolChoice, string expected)
    {
        var request = Fixture("request-json-schema.openai.json").AsObject();
        request["tools"] = JsonNode.Parse("""[{"type":"function","function":{"name":"get_time"}}]""");
        if (toolChoice.Length > 0)
        {
            request["tool_choice"] = JsonNode.Parse(toolChoice);
        }

        var body = WriteRequest(request);

        var names = body["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>());
        Assert.That(names, Is.EqualTo(new[] { "get_time", "gateway_json_response" }));
        AssertJsonEqual(JsonNode.Parse(expected), body["tool_choice"]);
    }

    [Test]
    public void Asks_for_a_JSON_object_in_the_system_prompt_for_json_object()
    {
        var body = WriteRequest(JsonNode.Parse("""
            {"model":"m","messages":[{"role":"system","content":"You extract data."},{"role":"user","content":"Name and age of Ada Lovelace as JSON."}],
             "response_format":{"type":"json_object"}}
            """)!);

        var system = body["system"]!.AsArray();
        Assert.That(system, Has.Count.EqualTo(2));
        Assert.That(system[0]!["text"]!.GetValue<string>(), Is.EqualTo("You extract data."));
        Assert.That(system[1]!["text"]!.GetValue<string>(), Does.Contain("single valid JSON object"));
        Assert.That(body.AsObject().ContainsKey("tools"), Is.False);
    }

    [Test]
    public void Declares_json_object_and_json_schema_capabilities()
    {
        Assert.That(Adapter.Capabilities, Is.EqualTo(
            ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject | ProviderCapabilities.JsonSchema));
    }
}
