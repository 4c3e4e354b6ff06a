using Gateway.Transforms.Messages;

namespace Gateway.Tests.Transforms.Messages;

/// <summary>A Messages request: validated with 400s naming the field, and translated to the gateway's chat request.</summary>
[TestFixture]
public sealed class MessagesRequestTests
{
    private static (MessagesRequest Request, JsonObject Chat) Parse(string json)
    {
        var parsed = MessagesRequest.Parse(Encoding.UTF8.GetBytes(json));
        Assert.That(parsed.Error, Is.Null, parsed.Error?.Message);
        var request = parsed.Request!;
        return (request, JsonNode.Parse(request.Chat.Root.GetRawText())!.AsObject());
    }

    [Test]
    public void Translates_system_blocks_sampling_and_stop_sequences()
    {
        var (request, chat) = Parse("""
            {"model":"claude","max_tokens":300,"stream":true,"temperature":0.2,"top_p":0.9,"top_k":40,"stop_sequences":["END"],
             "metadata":{"user_id":"user-7"},
             "system":[{"type":"text","text":"You are terse.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Answer in French."}],
             "messages":[{"role":"user","content":"Bonjour"}]}
            """);
        using (request)
        {
            Assert.Multiple(() =>
            {
                Assert.That(request.Model, Is.EqualTo("claude"));
                Assert.That(request.Stream, Is.True);
                Assert.That(request.Chat.MaxTokens, Is.EqualTo(300));
                Assert.That(chat["stream_options"]!["include_usage"]!.GetValue<bool>(), Is.True);
                Assert.That(chat["top_k"]!.GetValue<int>(), Is.EqualTo(40));
                Assert.That(chat["stop"]![0]!.GetValue<string>(), Is.EqualTo("END"));
                Assert.That(chat["user"]!.GetValue<string>(), Is.EqualTo("user-7"));
                Assert.That(chat["messages"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("system"));
                Assert.That(chat["messages"]![0]!["content"]!.GetValue<string>(), Is.EqualTo("You are terse.\n\nAnswer in French."));
                Assert.That(chat["messages"]![1]!["content"]!.GetValue<string>(), Is.EqualTo("Bonjour"));
            });
        }
    }

    [Test]
    public void Translates_tool_use_and_tool_results_to_tool_calls_and_tool_messages()
    {
        var (request, chat) = Parse("""
            {"model":"claude","max_tokens":300,
             "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "messages":[
               {"role":"user","content":"Weather in Paris?"},
               {"role":"assistant","content":[{"type":"thinking","thinking":"…","signature":"sig"},{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"18 degrees"}]},{"type":"text","text":"And tomorrow?"}]}]}
            """);
        using (request)
        {
            var messages = chat["messages"]!.AsArray();
            Assert.That(messages.Select(m => m!["role"]!.GetValue<string>()), Is.EqualTo(new[] { "user", "assistant", "tool", "user" }));
            var call = messages[1]!["tool_calls"]![0]!;
            Assert.Multiple(() =>
            {
                Assert.That(messages[1]!["content"]!.GetValue<string>(), Is.EqualTo("Checking."));
                Assert.That(call["id"]!.GetValue<string>(), Is.EqualTo("toolu_1"));
                Assert.That(call["function"]!["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));
                Assert.That(JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!["city"]!.GetValue<string>(), Is.EqualTo("Paris"));
                Assert.That(messages[2]!["tool_call_id"]!.GetValue<string>(), Is.EqualTo("toolu_1"));
                Assert.That(messages[2]!["content"]!.GetValue<string>(), Is.EqualTo("18 degrees"));
                Assert.That(messages[3]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("And tomorrow?"));
                Assert.That(chat["tools"]![0]!["function"]!["parameters"]!["properties"]!["city"]!["type"]!.GetValue<string>(), Is.EqualTo("string"));
                Assert.That(chat["tool_choice"]!.GetValue<string>(), Is.EqualTo("required"));
                Assert.That(chat["parallel_tool_calls"]!.GetValue<bool>(), Is.False);
                Assert.That(request.Chat.HasTools, Is.True);
                Assert.That(request.Untranslatable, Is.Null);
            });
        }
    }

    [Test]
    public void Translates_base64_and_url_images_to_image_url_parts()
    {
        var (request, chat) = Parse("""
            {"model":"claude","max_tokens":300,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
              {"type":"text","text":"What are these?"}]}]}
            """);
        using (request)
        {
            var parts = chat["messages"]![0]!["content"]!.AsArray();
            Assert.That(parts[0]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo("data:image/png;base64,iVBORw0KGgo="));
            Assert.That(parts[1]!["image_url"]!["url"]!.GetValue<string>(), Is.EqualTo("https://example.com/cat.jpg"));
            Assert.That(request.Chat.HasImages, Is.True);
        }
    }

    [TestCase("""{"model":"tool","tool_choice":{"type":"tool","name":"get_weather"}}""", "function")]
    [TestCase("""{"model":"none","tool_choice":{"type":"none"}}""", "none")]
    [TestCase("""{"model":"auto","tool_choice":{"type":"auto"}}""", "auto")]
    public void Maps_each_tool_choice(string settings, string expected)
    {
        var json = settings[..^1] + ""","max_tokens":10,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}""";
        var (request, chat) = Parse(json);
        using (request)
        {
            var choice = chat["tool_choice"]!;
            Assert.That(choice is JsonValue ? choice.GetValue<string>() : choice["type"]!.GetValue<string>(), Is.EqualTo(expected));
        }
    }

    [Test]
    public void Marks_a_server_tool_as_only_for_anthropic_targets()
    {
        var (request, _) = Parse("""
            {"model":"claude","max_tokens":10,"messages":[{"role":"user","content":"x"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]}
            """);
        using (request)
        {
            Assert.That(request.Untranslatable, Is.Not.Null);
            Assert.That(request.Untranslatable!.Param, Is.EqualTo("tools[0]"));
            Assert.That(request.Untranslatable.StatusCode, Is.EqualTo(400));
        }
    }

    [TestCase("""{"model":"claude","messages":[{"role":"user","content":"x"}]}""", "max_tokens")]
    [TestCase("""{"max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", "model")]
    [TestCase("""{"model":"claude","max_tokens":5}""", "messages")]
    [TestCase("""{"model":"claude","max_tokens":5,"messages":[{"role":"system","content":"x"}]}""", "messages[0].role")]
    [TestCase("""{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64"}}]}]}""", "messages[0].content[0].source.media_type")]
    [TestCase("""{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":"x"}],"system":5}""", "system")]
    [TestCase("""{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":"x"}],"temperature":1.5}""", "temperature")]
    [TestCase("""{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"sometimes"}}""", "tool_choice.type")]
    public void Refuses_an_invalid_request_naming_the_field(string json, string param)
    {
        var parsed = MessagesRequest.Parse(Encoding.UTF8.GetBytes(json));

        Assert.That(parsed.Request, Is.Null);
        RefusalAssert.IsBadRequestNaming(parsed.Error, param);
    }

    [Test]
    public void Accepts_a_token_count_request_without_max_tokens()
    {
        var parsed = MessagesRequest.Parse(Encoding.UTF8.GetBytes("""{"model":"claude","messages":[{"role":"user","content":"x"}]}"""), countTokens: true);

        Assert.That(parsed.Error, Is.Null);
        parsed.Request!.Dispose();
    }

    [Test]
    public void Refuses_a_body_that_is_not_json()
    {
        var parsed = MessagesRequest.Parse(Encoding.UTF8.GetBytes("{\"model\":"));

        Assert.That(parsed.Error!.StatusCode, Is.EqualTo(400));
        Assert.That(parsed.Error.Message, Does.StartWith("We could not parse the JSON body"));
    }
}
