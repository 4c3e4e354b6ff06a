using static Gateway.Tests.Transforms.Anthropic.AnthropicTestRig;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Anthropic;

[TestFixture]
public sealed class AnthropicToolRequestTests
{
    private static JsonObject WithToolChoice(string toolChoiceJson, string extraFields = "")
    {
        var request = Fixture("request-tools.openai.json").AsObject();
        request.Remove("tool_choice");
        if (toolChoiceJson.Length > 0)
        {
            request["tool_choice"] = JsonNode.Parse(toolChoiceJson);
        }
        if (extraFields.Length > 0)
        {
            foreach (var (key, value) in JsonNode.Parse(extraFields)!.AsObject().ToArray())
            {
                request[key] = value?.DeepClone();
            }
        }
        return request;
    }

    [Test]
    public void Converts_function_tools_with_a_default_input_schema() => AssertWritesRecorded("request-tools");

    [TestCase("\"auto\"", """{"type":"auto"}""")]
    [TestCase("\"required\"", """{"type":"any"}""")]
    [TestCase("\"none\"", """{"type":"none"}""")]
    [TestCase("""{"type":"function","function":{"name":"get_time"}}""", """{"type":"tool","name":"get_time"}""")]
    public void Maps_every_tool_choice_form(string openAi, string anthropic)
    {
        var body = WriteRequest(WithToolChoice(openAi));

        AssertJsonEqual(JsonNode.Parse(anthropic), body["tool_choice"]);
        Assert.That(body["tools"]!.AsArray(), Has.Count.EqualTo(2), "tools stay declared, even with tool_choice none");
    }

    [Test]
    public void Leaves_tool_choice_to_Anthropic_default_when_the_client_sets_none()
    {
        var body = WriteRequest(WithToolChoice(""));

        Assert.That(body.AsObject().ContainsKey("tool_choice"), Is.False);
    }

    [TestCase("", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [TestCase("\"auto\"", """{"type":"auto","disable_parallel_tool_use":true}""")]
    [TestCase("\"required\"", """{"type":"any","disable_parallel_tool_use":true}""")]
    [TestCase("""{"type":"function","function":{"name":"get_weather"}}""", """{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}""")]
    [TestCase("\"none\"", """{"type":"none"}""")]
    public void Maps_parallel_tool_calls_false_to_disable_parallel_tool_use(string openAi, string anthropic)
    {
        var body = WriteRequest(WithToolChoice(openAi, """{"parallel_tool_calls":false}"""));

        AssertJsonEqual(JsonNode.Parse(anthropic), body["tool_choice"]);
    }

    [Test]
    public void Drops_tool_choice_when_there_are_no_tools()
    {
        var body = WriteRequest(JsonNode.Parse("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"tool_choice":"required","tools":[]}""")!);

        Assert.That(body.AsObject().ContainsKey("tools"), Is.False);
        Assert.That(body.AsObject().ContainsKey("tool_choice"), Is.False);
    }

    [Test]
    public void Round_trips_assistant_tool_calls_and_tool_results() => AssertWritesRecorded("request-tool-roundtrip");

    [Test]
    public void Puts_consecutive_tool_results_in_one_user_turn()
    {
        var body = WriteRequest(Fixture("request-tool-roundtrip.openai.json"));

        var roles = body["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>());
        Assert.That(roles, Is.EqualTo(new[] { "user", "assistant", "user" }));
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("{\"location\": ")]
    [TestCase("{} {}")]
    public void Rejects_tool_call_arguments_that_are_not_a_JSON_object(string arguments)
    {
        var request = Fixture("request-tool-roundtrip.openai.json");
        request["messages"]![1]!["tool_calls"]![0]!["function"]!["arguments"] = arguments;

        var error = Refusal(request.ToJsonString());

        Assert.That(error.Param, Is.EqualTo("messages[1].tool_calls[0].function.arguments"));
    }

    [Test]
    public void Rejects_a_client_tool_using_the_reserved_answer_tool_name()
    {
        var request = Fixture("request-tools.openai.json");
        request["tools"]![1]!["function"]!["name"] = "gateway_json_response";

        var error = Refusal(request.ToJsonString());

        Assert.That(error.Param, Is.EqualTo("tools[1].function.name"));
    }

    [Test]
    public void Adds_the_object_type_to_a_schema_without_one()
    {
        var body = WriteRequest(JsonNode.Parse("""
            {"model":"m","messages":[{"role":"user","content":"Hi"}],
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"properties":{"q":{"type":"string"}},"required":["q"]}}}]}
            """)!);

        AssertJsonEqual(
            JsonNode.Parse("""{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}"""),
            body["tools"]![0]!["input_schema"]);
    }

    [Test]
    public void Rejects_legacy_function_messages()
    {
        var error = Refusal("""
            {"model":"m","messages":[{"role":"user","content":"Hi"},{"role":"function","name":"f","content":"42"}]}
            """);

        Assert.That(error.Param, Is.EqualTo("messages[1].role"));
    }
}
