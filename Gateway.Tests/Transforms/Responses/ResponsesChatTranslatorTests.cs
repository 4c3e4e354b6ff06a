using static Gateway.Tests.Transforms.Responses.ResponsesTestRig;

namespace Gateway.Tests.Transforms.Responses;

/// <summary>A Responses API request written as the gateway's chat request, for providers without the Responses API.</summary>
[TestFixture]
public sealed class ResponsesChatTranslatorTests
{
    [Test]
    public void Turns_instructions_and_string_input_into_system_and_user_messages()
    {
        var (chat, error) = Translate("""{"model":"m","instructions":"Be brief.","input":"Hello","max_output_tokens":300,"temperature":0.2,"top_p":0.9}""");

        Assert.That(error, Is.Null);
        var messages = chat!["messages"]!.AsArray();
        Assert.That(messages.ToJsonString(), Is.EqualTo("""[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}]"""));
        Assert.That(chat["max_completion_tokens"]!.GetValue<int>(), Is.EqualTo(300));
        Assert.That(chat["temperature"]!.GetValue<double>(), Is.EqualTo(0.2));
        Assert.That(chat["top_p"]!.GetValue<double>(), Is.EqualTo(0.9));
        Assert.That(chat.ContainsKey("stream"), Is.False);
    }

    [Test]
    public void Joins_function_calls_into_one_assistant_turn_and_outputs_into_tool_messages()
    {
        var (chat, error) = Translate("""
            {"model":"m","input":[
              {"role":"user","content":[{"type":"input_text","text":"Weather in Paris and Rome?"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},
              {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
              {"type":"function_call","call_id":"call_2","name":"get_weather","arguments":"{\"city\":\"Rome\"}"},
              {"type":"function_call_output","call_id":"call_1","output":"18C"},
              {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"21C"}]},
              {"type":"reasoning","id":"rs_1","summary":[]}
            ]}
            """);

        Assert.That(error, Is.Null);
        var messages = chat!["messages"]!.AsArray();
        Assert.That(messages, Has.Count.EqualTo(4));
        Assert.That(messages[0]!["content"]![0]!.ToJsonString(), Is.EqualTo("""{"type":"text","text":"Weather in Paris and Rome?"}"""));
        var assistant = messages[1]!;
        Assert.That(assistant["content"]!.GetValue<string>(), Is.EqualTo("Checking."));
        Assert.That(assistant["tool_calls"]!.AsArray(), Has.Count.EqualTo(2));
        var second = assistant["tool_calls"]![1]!;
        Assert.That(second["id"]!.GetValue<string>(), Is.EqualTo("call_2"));
        Assert.That(second["function"]!["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));
        Assert.That(second["function"]!["arguments"]!.GetValue<string>(), Is.EqualTo("{\"city\":\"Rome\"}"));
        Assert.That(messages[2]!.ToJsonString(), Is.EqualTo("""{"role":"tool","tool_call_id":"call_1","content":"18C"}"""));
        Assert.That(messages[3]!["content"]!.GetValue<string>(), Is.EqualTo("21C"));
    }

    [Test]
    public void Maps_function_tools_tool_choice_json_schema_and_reasoning_effort()
    {
        var (chat, error) = Translate("""
            {"model":"m","input":"Hi","stream":true,
             "tools":[{"type":"function","name":"lookup","description":"Look up","parameters":{"type":"object","properties":{"q":{"type":"string"}}},"strict":true}],
             "tool_choice":{"type":"function","name":"lookup"},
             "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}},
             "reasoning":{"effort":"low"},"metadata":{"k":"v"},"store":true,"previous_response_id":null}
            """);

        Assert.That(error, Is.Null);
        Assert.That(chat!["tools"]!.ToJsonString(), Is.EqualTo(
            """[{"type":"function","function":{"name":"lookup","description":"Look up","parameters":{"type":"object","properties":{"q":{"type":"string"}}},"strict":true}}]"""));
        Assert.That(chat["tool_choice"]!.ToJsonString(), Is.EqualTo("""{"type":"function","function":{"name":"lookup"}}"""));
        Assert.That(chat["response_format"]!.ToJsonString(), Is.EqualTo(
            """{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"a":{"type":"string"}}},"strict":true}}"""));
        Assert.That(chat["reasoning_effort"]!.GetValue<string>(), Is.EqualTo("low"));
        Assert.That(chat["stream"]!.GetValue<bool>(), Is.True);
        Assert.That(chat["stream_options"]!["include_usage"]!.GetValue<bool>(), Is.True, "usage ends every Responses stream");
        Assert.That(chat.ContainsKey("metadata") || chat.ContainsKey("store"), Is.False, "the gateway keeps these, no chat provider is told");
    }

    [Test]
    public void Turns_input_images_into_image_url_parts()
    {
        var (chat, _) = Translate("""
            {"model":"m","input":[{"role":"user","content":[{"type":"input_text","text":"What is this?"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}]}]}
            """);

        Assert.That(chat!["messages"]![0]!["content"]![1]!.ToJsonString(),
            Is.EqualTo("""{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}"""));
    }

    [TestCase("""{"type":"web_search"}""", "web_search")]
    [TestCase("""{"type":"file_search","vector_store_ids":["vs_1"]}""", "file_search")]
    [TestCase("""{"type":"code_interpreter","container":{"type":"auto"}}""", "code_interpreter")]
    public void Refuses_built_in_tools_naming_the_tool(string tool, string name)
    {
        var (_, error) = Translate($$"""{"model":"m","input":"Hi","tools":[{"type":"function","name":"f"},{{tool}}]}""");

        RefusalAssert.IsBadRequestNaming(error, "tools[1]");
        Assert.That(error!.Message, Does.Contain($"'{name}'"));
    }

    [Test]
    public void Refuses_items_only_openai_can_resolve_naming_them()
    {
        var (_, byFileId) = Translate("""{"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]}""");
        var (_, reference) = Translate("""{"model":"m","input":[{"type":"item_reference","id":"msg_1"}]}""");

        Assert.That(byFileId!.Param, Is.EqualTo("input[0].content[0].image_url"));
        Assert.That(reference!.Param, Is.EqualTo("input[0].type"));
    }
}
