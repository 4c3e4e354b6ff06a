using Gateway.Proxy.Cache;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Usage;

namespace Gateway.Tests.Cache;

/// <summary>
/// The one stored form of a chat answer: a stream assembled into the whole answer, and a whole answer replayed as a
/// stream that assembles back into the same answer.
/// </summary>
[TestFixture]
public sealed class ChatStreamAssemblerTests
{
    private const string ToolStream = """
        data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","provider":"openai","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

        data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","provider":"openai","choices":[{"index":0,"delta":{"reasoning_content":"Think","reasoning":"Think"},"logprobs":null,"finish_reason":null}]}

        data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","provider":"openai","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]}

        data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","provider":"openai","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}]}

        data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","provider":"openai","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Zürich\"}"}}]},"logprobs":null,"finish_reason":null}]}

        data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","provider":"openai","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}

        data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","provider":"openai","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10,"cost":0.5}}

        data: [DONE]


        """;

    [Test]
    public void Joins_tool_call_fragments_and_reasoning_into_the_whole_answer()
    {
        var answer = JsonNode.Parse(ChatStreamAssembler.Assemble(Sse(ToolStream), providerUsage: null)!)!;

        var message = answer["choices"]![0]!["message"]!;
        Assert.That(answer["object"]!.GetValue<string>(), Is.EqualTo("chat.completion"));
        Assert.That(message["content"], Is.Null);
        Assert.That(message["reasoning_content"]!.GetValue<string>(), Is.EqualTo("Think"));
        var call = message["tool_calls"]![0]!;
        Assert.That((call["id"]!.GetValue<string>(), call["function"]!["name"]!.GetValue<string>(), call["function"]!["arguments"]!.GetValue<string>()),
            Is.EqualTo(("call_1", "get_weather", "{\"city\":\"Zürich\"}")));
        Assert.That(answer["choices"]![0]!["finish_reason"]!.GetValue<string>(), Is.EqualTo("tool_calls"));
        Assert.That(answer["usage"]!["completion_tokens"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(answer["usage"]!.AsObject().ContainsKey("cost"), Is.False, "a hit reports its own cost");
    }

    [Test]
    public void A_replayed_stream_assembles_back_into_the_same_answer()
    {
        var stored = ChatStreamAssembler.Assemble(Sse(ToolStream), providerUsage: null)!;
        using var document = JsonDocument.Parse(stored);
        using var replay = new PooledByteBufferWriter();
        CachedAnswerWriter.WriteStream(document.RootElement, "gen-2", 2, includeUsage: true, withCost: false, replay);

        var again = JsonNode.Parse(ChatStreamAssembler.Assemble(replay.WrittenSpan, providerUsage: null)!)!;
        var original = JsonNode.Parse(stored)!;

        Assert.That(again["id"]!.GetValue<string>(), Is.EqualTo("gen-2"));
        Assert.That(again["choices"]!.ToJsonString(), Is.EqualTo(original["choices"]!.ToJsonString()));
        Assert.That(again["usage"]!.ToJsonString(), Is.EqualTo(original["usage"]!.ToJsonString()));
    }

    [Test]
    public void Takes_the_providers_usage_when_the_stream_carried_none()
    {
        var withoutUsage = ToolStream.Replace("""data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","provider":"openai","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10,"cost":0.5}}""", "", StringComparison.Ordinal);

        var answer = JsonNode.Parse(ChatStreamAssembler.Assemble(Sse(withoutUsage), new TokenUsage(4, 2))!)!;

        Assert.That((answer["usage"]!["prompt_tokens"]!.GetValue<int>(), answer["usage"]!["completion_tokens"]!.GetValue<int>()), Is.EqualTo((4, 2)));
    }

    [TestCase("""data: {"id":"g","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""" + "\n\n" + """data: {"error":{"message":"broke","type":"upstream_error"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}""" + "\n\n", TestName = "An in-stream error")]
    [TestCase("""data: {"id":"g","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""" + "\n\ndata: [DONE]\n\n", TestName = "No finish reason")]
    [TestCase("""data: {"id":"g","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}""" + "\n\n", TestName = "No [DONE]")]
    [TestCase("""data: {"id":"g","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":{"content":[]},"finish_reason":"stop"}]}""" + "\n\ndata: [DONE]\n\n", TestName = "Log probabilities")]
    public void Does_not_assemble_what_it_cannot_replay_faithfully(string sse)
    {
        Assert.That(ChatStreamAssembler.Assemble(Sse(sse), providerUsage: null), Is.Null);
    }

    private static byte[] Sse(string text) => Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal));
}
