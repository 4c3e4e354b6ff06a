using static Gateway.Tests.Transforms.Gemini.GeminiFixtures;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Gemini;

[TestFixture]
public sealed class GeminiRequestToolTests
{
    private const string Tools = """
        "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
                 {"type":"function","function":{"name":"get_time"}}]
        """;

    [Test]
    public void Declares_functions_with_their_json_schema_and_drops_strict_and_the_schema_dialect() => AssertWritesRecorded("request_tools");

    [TestCase("\"none\"", """{"functionCallingConfig":{"mode":"NONE"}}""")]
    [TestCase("\"auto\"", """{"functionCallingConfig":{"mode":"AUTO"}}""")]
    [TestCase("\"required\"", """{"functionCallingConfig":{"mode":"ANY"}}""")]
    [TestCase("""{"type":"function","function":{"name":"get_time"}}""", """{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_time"]}}""")]
    public void Maps_each_tool_choice_to_a_function_calling_mode(string toolChoice, string expected)
    {
        var body = WriteBody($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],{{Tools}},"tool_choice":{{toolChoice}}}""");

        AssertJsonEqual(JsonNode.Parse(expected), body["toolConfig"]);
    }

    [Test]
    public void Sends_no_tool_config_without_tool_choice_or_without_tools()
    {
        var withTools = WriteBody($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],{{Tools}}}""");
        var withoutTools = WriteBody("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"none"}""");

        Assert.That(withTools.AsObject().ContainsKey("toolConfig"), Is.False);
        Assert.That(withoutTools.AsObject().ContainsKey("toolConfig"), Is.False);
        Assert.That(withoutTools.AsObject().ContainsKey("tools"), Is.False);
    }

    [Test]
    public void Round_trips_assistant_tool_calls_and_tool_results_as_function_call_and_response_parts() => AssertWritesRecorded("request_tool_round_trip");

    [Test]
    public void Names_a_tool_result_from_the_tool_message_when_no_earlier_call_has_its_id()
    {
        var body = WriteBody("""
            {"model":"m","messages":[{"role":"user","content":"hi"},
              {"role":"tool","tool_call_id":"call_from_elsewhere","name":"get_time","content":"noon"}]}
            """);

        AssertJsonEqual(JsonNode.Parse("""{"name":"get_time","response":{"content":"noon"}}"""), body["contents"]![0]!["parts"]![1]!["functionResponse"]);
    }

    [Test]
    public void Rejects_a_tool_result_whose_call_id_is_unknown()
    {
        var error = Refusal("""
            {"model":"m","messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"call_missing","content":"x"}]}
            """);

        Assert.That(error.Param, Is.EqualTo("messages[1].tool_call_id"));
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    public void Rejects_tool_call_arguments_that_are_not_a_json_object(string arguments)
    {
        var escaped = System.Text.Json.JsonSerializer.Serialize(arguments);
        var error = Refusal($$$"""
            {"model":"m","messages":[{"role":"user","content":"hi"},
              {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{{{escaped}}}}}]}]}
            """);

        Assert.That(error.Param, Is.EqualTo("messages[1].tool_calls[0].function.arguments"));
    }

    [Test]
    public void Rejects_tools_that_are_not_functions()
    {
        var error = Refusal("""
            {"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"custom","function":{"name":"f"}}]}
            """);

        Assert.That(error.Param, Is.EqualTo("tools[0].type"));
    }
}
