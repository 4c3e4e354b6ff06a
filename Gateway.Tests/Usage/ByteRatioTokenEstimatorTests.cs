using System.Text;
using Gateway.Proxy.Options;
using Gateway.Proxy.Usage;
using Gateway.Transforms.OpenAI;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Usage;

[TestFixture]
public sealed class ByteRatioTokenEstimatorTests
{
    [Test]
    public void Estimates_completion_tokens_from_generated_bytes()
    {
        var estimator = Estimator();

        Assert.That(estimator.EstimateCompletionTokens(0), Is.Zero);
        Assert.That(estimator.EstimateCompletionTokens(4), Is.EqualTo(1));
        Assert.That(estimator.EstimateCompletionTokens(401), Is.EqualTo(101), "rounded up: a started token is billed");
    }

    [Test]
    public void Estimates_prompt_tokens_from_message_text_images_tool_calls_and_tools_with_chat_overheads()
    {
        // 40 bytes of text, an image (765), a tool call (name 8 + arguments 12 bytes), and a tools array.
        var body = """
            {"model":"m","messages":[
              {"role":"system","content":"0123456789012345678901234567890123456789"},
              {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"utc\"}"}}]}],
             "tools":[{"type":"function","function":{"name":"get_time","parameters":{}}}]}
            """;
        using var request = ChatRequest.Parse(Encoding.UTF8.GetBytes(body)).Request!;
        var tools = """[{"type":"function","function":{"name":"get_time","parameters":{}}}]""".Length;
        var argumentsBytes = """{\"tz\":\"utc\"}""".Length;

        var tokens = Estimator().EstimatePromptTokens(request);

        var expected = 3 + (3 * 3) + 765 + (int)Math.Ceiling((40 + 8 + argumentsBytes + tools) / 4.0);
        Assert.That(tokens, Is.EqualTo(expected));
    }

    private static ByteRatioTokenEstimator Estimator() =>
        new(new StaticOptionsMonitor<UsageOptions>(new UsageOptions { EstimatorBytesPerToken = 4 }));
}
