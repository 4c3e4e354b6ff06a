using System.ClientModel;

namespace Gateway.Tests.Infrastructure;

/// <summary>What a whole chat answer through the gateway carries, whatever the provider: the text, the gateway's id, a stop and the provider's usage.</summary>
internal static class ChatCompletionAssert
{
    /// <summary>The answer says <paramref name="text"/> and stopped, under a <c>gen-</c> id, with the given token counts (and served <paramref name="model"/>, when given).</summary>
    public static void Answered(ChatCompletion completion, string text, int inputTokens, int outputTokens, string? model = null)
    {
        Assert.Multiple(() =>
        {
            Assert.That(completion.Content[0].Text, Is.EqualTo(text));
            Assert.That(completion.Id, Does.StartWith("gen-"));
            Assert.That(completion.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
            Assert.That(completion.Usage.InputTokenCount, Is.EqualTo(inputTokens));
            Assert.That(completion.Usage.OutputTokenCount, Is.EqualTo(outputTokens));
            if (model is not null)
            {
                Assert.That(completion.Model, Is.EqualTo(model));
            }
        });
    }

    /// <summary>
    /// The <paramref name="stream"/> called <paramref name="tool"/> with <paramref name="arguments"/>, which arrived in more
    /// than one fragment, and stopped for the tool call.
    /// </summary>
    public static void StreamedToolCall(SdkStreamResult stream, string? tool, string arguments)
    {
        Assert.That(stream.ToolName, Is.EqualTo(tool));
        Assert.That(stream.ArgumentFragments, Is.GreaterThan(1), "arguments arrive in fragments");
        Assert.That(stream.Arguments.ToString(), Is.EqualTo(arguments));
        Assert.That(stream.FinishReason, Is.EqualTo(ChatFinishReason.ToolCalls));
    }

    /// <summary>
    /// A chat request's <paramref name="messages"/>, in OpenAI's shape, replay the assistant's tool call <paramref name="callId"/>
    /// (the second message) and answer it with a tool message (the third).
    /// </summary>
    public static void SentToolResult(JsonArray messages, string callId)
    {
        Assert.That(messages[1]!["tool_calls"]![0]!["id"]!.GetValue<string>(), Is.EqualTo(callId));
        Assert.That(messages[2]!["role"]!.GetValue<string>(), Is.EqualTo("tool"));
        Assert.That(messages[2]!["tool_call_id"]!.GetValue<string>(), Is.EqualTo(callId));
    }

    /// <summary>The SDK's <paramref name="failure"/> is a 429 carrying <paramref name="retryAfter"/> as its <c>Retry-After</c> (<paramref name="because"/> says why that value).</summary>
    public static void RateLimited(ClientResultException? failure, string retryAfter, string because = "")
    {
        Assert.That(failure!.Status, Is.EqualTo(429));
        Assert.That(failure.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var value), Is.True);
        Assert.That(value, Is.EqualTo(retryAfter), because);
    }
}
