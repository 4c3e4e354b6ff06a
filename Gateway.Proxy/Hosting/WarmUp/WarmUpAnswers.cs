using System.Text;

namespace Gateway.Proxy.Hosting.WarmUp;

/// <summary>The warm-up provider's fixed answers, in OpenAI's chat completion wire format.</summary>
internal static class WarmUpAnswers
{
    private const string Id = "chatcmpl-warmup0000000000000000000000";
    private const int Created = 1_765_000_000;
    private const string Fingerprint = "fp_warmup000";

    private static readonly string[] Words =
    [
        "Start", " with", " the", " pool", ":", " at", " 64", " connections", " requests", " queue", " for", " a", " free",
        " one", " under", " bursts", ",", " which", " shows", " at p99.",
    ];

    /// <summary>A whole completion (<c>stream</c> false).</summary>
    public static byte[] Whole { get; } = Encoding.UTF8.GetBytes(
        $$$"""{"id":"{{{Id}}}","object":"chat.completion","created":{{{Created}}},"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"{{{string.Concat(Words)}}}","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":187,"completion_tokens":20,"total_tokens":207,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"{{{Fingerprint}}}"}""");

    /// <summary>A streamed completion, one array per event: the role and 20 content chunks, the finish chunk, the usage chunk and <c>[DONE]</c>.</summary>
    public static IReadOnlyList<byte[]> Events { get; } = BuildEvents();

    private static byte[][] BuildEvents()
    {
        var events = new List<byte[]>(Words.Length + 4);
        var head = $$"""data: {"id":"{{Id}}","object":"chat.completion.chunk","created":{{Created}},"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"{{Fingerprint}}","choices":[""";
        events.Add(Encoding.UTF8.GetBytes(head + """{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""" + "\n\n"));
        foreach (var word in Words)
        {
            events.Add(Encoding.UTF8.GetBytes(head + $$"""{"index":0,"delta":{"content":"{{word}}"},"logprobs":null,"finish_reason":null}],"usage":null}""" + "\n\n"));
        }
        events.Add(Encoding.UTF8.GetBytes(head + """{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}""" + "\n\n"));
        events.Add(Encoding.UTF8.GetBytes(head + """],"usage":{"prompt_tokens":187,"completion_tokens":20,"total_tokens":207,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}""" + "\n\n"));
        events.Add("data: [DONE]\n\n"u8.ToArray());
        return [.. events];
    }
}
