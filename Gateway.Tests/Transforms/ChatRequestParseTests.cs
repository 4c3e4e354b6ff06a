using Gateway.Transforms.OpenAI;

namespace Gateway.Tests.Transforms;

/// <summary>What <see cref="ChatRequest.Parse"/> refuses before anything reads the request: unreadable strings, oversized lists, wrong types.</summary>
[TestFixture]
public sealed class ChatRequestParseTests
{
    private const string Messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    [TestCase("{\"model\":\"gpt\\ud800\"," + Messages + "}", "model", TestName = "Refuses_a_lone_high_surrogate_in_the_model")]
    [TestCase("{\"model\":\"gpt\\uDC00x\"," + Messages + "}", "model", TestName = "Refuses_a_lone_low_surrogate_in_the_model")]
    [TestCase("{\"model\":\"gpt\\ud83d\\u0041\"," + Messages + "}", "model", TestName = "Refuses_a_high_surrogate_followed_by_a_non_surrogate_escape")]
    [TestCase("{\"model\":\"gpt\",\"messages\":[{\"role\":\"us\\ud800er\",\"content\":\"hi\"}]}", "messages[0].role", TestName = "Refuses_a_lone_surrogate_in_a_role")]
    [TestCase("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\\ud800\"}]}]}", "messages[1].content[0].text", TestName = "Refuses_a_lone_surrogate_in_a_nested_content_part")]
    [TestCase("{\"model\":\"gpt\",\"\\ud800\":1," + Messages + "}", null, TestName = "Refuses_a_lone_surrogate_in_a_top_level_key")]
    [TestCase("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"\\udfff\":true}]}", "messages[0]", TestName = "Refuses_a_lone_surrogate_in_a_message_key")]
    [TestCase("{\"model\":\"gpt\"," + Messages + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"properties\":{\"a\\ud83d\":{}}}}}]}", "tools[0].function.parameters.properties", TestName = "Refuses_a_lone_surrogate_in_a_tool_schema_key")]
    [TestCase("{\"model\":\"gpt\"," + Messages + ",\"metadata\":{\"k\":[\"ok\",\"\\ud800\"]}}", "metadata.k[1]", TestName = "Refuses_a_lone_surrogate_deep_in_an_array")]
    public void Refuses_a_lone_surrogate_escape_anywhere_naming_where(string json, string? param)
    {
        var result = Parse(json);

        Assert.That(result.Request, Is.Null);
        RefusalAssert.IsBadRequestNaming(result.Error, param);
        Assert.That(result.Error!.Message, Does.Contain("surrogate"));
    }

    [TestCase("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"smile \\ud83d\\ude00 and \\uD83D\\uDE00\"}]}", TestName = "Accepts_a_whole_surrogate_pair")]
    [TestCase("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"a backslash then text: \\\\ud800\"}]}", TestName = "Accepts_an_escaped_backslash_before_u_d800")]
    [TestCase("{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"\\\\\\ud83d\\ude00 \\n\\t\\\"\\u00e9\"}]}", TestName = "Accepts_other_escapes_around_a_pair")]
    public void Accepts_valid_escapes(string json)
    {
        var result = Parse(json);

        Assert.That(result.Error, Is.Null, () => result.Error!.Message);
        result.Request!.Dispose();
    }

    [Test]
    public void Refuses_more_fallback_models_than_allowed_naming_models()
    {
        var models = string.Join(',', Enumerable.Range(0, 4).Select(i => $"\"m{i}\""));

        var refused = ChatRequest.Parse(Encoding.UTF8.GetBytes($"{{\"model\":\"gpt\",\"models\":[{models}],{Messages}}}"), maxFallbackModels: 3);
        using var accepted = ChatRequest.Parse(Encoding.UTF8.GetBytes($"{{\"model\":\"gpt\",\"models\":[{models}],{Messages}}}"), maxFallbackModels: 4).Request;

        RefusalAssert.IsBadRequestNaming(refused.Error, "models");
        Assert.That(refused.Error!.Message, Does.Contain("3"));
        Assert.That(accepted!.FallbackModels, Has.Count.EqualTo(4));
    }

    [Test]
    public void Caps_the_fallback_list_at_ten_by_default()
    {
        string List(int count) => string.Join(',', Enumerable.Range(0, count).Select(i => $"\"m{i}\""));

        using var ten = Parse($"{{\"model\":\"gpt\",\"models\":[{List(10)}],{Messages}}}").Request;
        var eleven = Parse($"{{\"model\":\"gpt\",\"models\":[{List(11)}],{Messages}}}");

        Assert.That(ten, Is.Not.Null);
        Assert.That(eleven.Error?.Param, Is.EqualTo("models"));
    }

    [TestCase("metadata", "5")]
    [TestCase("logit_bias", "[1]")]
    [TestCase("reasoning_effort", "1")]
    [TestCase("service_tier", "{}")]
    [TestCase("modalities", "\"text\"")]
    [TestCase("functions", "{}")]
    [TestCase("function_call", "7")]
    [TestCase("prediction", "\"x\"")]
    [TestCase("audio", "true")]
    [TestCase("web_search_options", "[]")]
    [TestCase("transforms", "[1]")]
    [TestCase("route", "[]")]
    [TestCase("plugins", "{}")]
    [TestCase("reasoning", "\"high\"")]
    [TestCase("top_k", "0.5")]
    [TestCase("min_p", "\"0.1\"")]
    [TestCase("repetition_penalty", "9")]
    [TestCase("verbosity", "false")]
    public void Refuses_a_wrong_type_in_a_field_it_used_to_pass_through(string field, string value)
    {
        var result = Parse($"{{\"model\":\"gpt\",\"{field}\":{value},{Messages}}}");

        Assert.That(result.Error?.StatusCode, Is.EqualTo(400));
        Assert.That(result.Error!.Param, Does.StartWith(field));
    }

    [TestCase("\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":5}]", "messages[0].name")]
    [TestCase("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":\"x\"}]}]", "messages[0].content[0].input_audio")]
    [TestCase("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\"}]}]", "messages[0].content[0].file")]
    [TestCase("\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":1}]}]", "messages[0].content[0].refusal")]
    [TestCase("\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":9,\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}]", "messages[0].tool_calls[0].type")]
    [TestCase("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":[],\"function\":{\"name\":\"f\"}}]", "tools[0].type")]
    [TestCase("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":{}}}]", "tools[0].function.description")]
    [TestCase("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":\"yes\"}}]", "tools[0].function.strict")]
    public void Refuses_a_wrong_type_in_a_nested_field(string fields, string param)
    {
        var result = Parse($"{{\"model\":\"gpt\",{fields}}}");

        RefusalAssert.IsBadRequestNaming(result.Error, param);
    }

    [Test]
    public void Accepts_null_and_the_right_types_in_the_fields_it_now_checks()
    {
        using var request = Parse($$"""
            {"model":"gpt",{{Messages}},"metadata":{"a":"b"},"logit_bias":{"50256":-100},"reasoning_effort":"low","service_tier":null,
             "modalities":["text"],"function_call":"auto","functions":[],"prediction":{"type":"content","content":"x"},"audio":null,
             "transforms":[],"route":"fallback","plugins":[],"reasoning":{"effort":"low"},"top_k":40,"min_p":0.1,"repetition_penalty":1.1,
             "verbosity":"low","prompt_cache_key":"k","safety_identifier":"s","top_a":0}
            """).Request;

        Assert.That(request, Is.Not.Null);
    }

    private static ChatRequestParseResult Parse(string json) => ChatRequest.Parse(Encoding.UTF8.GetBytes(json));
}
