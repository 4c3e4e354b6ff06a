using static Gateway.Tests.Transforms.Cohere.CohereTestSupport;
using static Gateway.Tests.Transforms.Conformance.ProviderConformanceRig;

namespace Gateway.Tests.Transforms.Cohere;

[TestFixture]
public sealed class CohereToolRequestTests
{
    [Test]
    public void Writes_tools_in_cohere_v2_shape_and_omits_tool_choice_for_auto()
    {
        AssertJsonEqual(Json("Requests/tools.cohere.json"), WriteRequest(Json("Requests/tools.openai.json")));
    }

    [TestCase("\"none\"", "NONE")]
    [TestCase("\"required\"", "REQUIRED")]
    [TestCase("\"auto\"", null)]
    public void Maps_each_string_tool_choice(string openAiChoice, string? cohereChoice)
    {
        var request = Json("Requests/tools.openai.json");
        request["tool_choice"] = JsonNode.Parse(openAiChoice);
        var body = WriteRequest(request).AsObject();
        Assert.That(body["tool_choice"]?.GetValue<string>(), Is.EqualTo(cohereChoice));
        Assert.That(body["tools"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public void Maps_a_named_tool_choice_to_required_with_only_that_tool()
    {
        var request = Json("Requests/tools.openai.json");
        request["tool_choice"] = JsonNode.Parse("""{"type":"function","function":{"name":"query_product_catalog"}}""");
        var body = WriteRequest(request);
        Assert.That(body["tool_choice"]!.GetValue<string>(), Is.EqualTo("REQUIRED"));
        AssertJsonEqual(new JsonArray(Json("Requests/tools.cohere.json")["tools"]![1]!.DeepClone()), body["tools"]);
    }

    [Test]
    public void Writes_empty_object_parameters_for_a_function_without_parameters()
    {
        var request = JsonNode.Parse("""
            {"model":"m","messages":[{"role":"user","content":"What time is it?"}],
             "tools":[{"type":"function","function":{"name":"get_time"}}]}
            """)!;
        AssertJsonEqual(JsonNode.Parse("""
            [{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]
            """), WriteRequest(request)["tools"]);
    }

    [Test]
    public void Turns_on_strict_tools_when_a_function_is_strict()
    {
        var request = Json("Requests/tools.openai.json");
        request["tools"]![0]!["function"]!["strict"] = true;
        var body = WriteRequest(request).AsObject();
        Assert.That(body["strict_tools"]!.GetValue<bool>(), Is.True);
        Assert.That(body["tools"]![0]!["function"]!.AsObject().ContainsKey("strict"), Is.False);
    }

    [Test]
    public void Writes_assistant_tool_calls_with_their_plan_and_tool_results()
    {
        AssertJsonEqual(Json("Requests/tool-round-trip.cohere.json"), WriteRequest(Json("Requests/tool-round-trip.openai.json")));
    }
}
