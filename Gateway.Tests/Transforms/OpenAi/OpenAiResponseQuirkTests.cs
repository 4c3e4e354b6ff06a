using Gateway.Transforms;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Providers.OpenAi;

namespace Gateway.Tests.Transforms.OpenAi;

/// <summary>The rewriter's provider quirks: reasoning under both names, Groq's usage, metadata-only chunks.</summary>
[TestFixture]
public sealed class OpenAiResponseQuirkTests
{
    private static ResponseContext Context(bool includeUsage = false) => new()
    {
        ResponseId = "gen-test-1",
        Created = 1730000000,
        ProviderId = "p",
        Model = "m",
        IncludeUsage = includeUsage,
    };

    private static (OpenAiRewriteResult Result, JsonNode? Json, ResponseOutcome Outcome) Rewrite(string json, OpenAiRewriteOptions options)
    {
        using var buffer = new PooledByteBufferWriter(1024);
        var outcome = new ResponseOutcome();
        OpenAiRewriteResult result;
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            result = OpenAiResponseRewriter.Rewrite(Encoding.UTF8.GetBytes(json), Context(), outcome, writer, options);
        }
        return (result, buffer.WrittenCount == 0 ? null : JsonNode.Parse(buffer.WrittenSpan), outcome);
    }

    [TestCase("reasoning_content")]
    [TestCase("reasoning")]
    public void Mirrors_reasoning_of_a_message_under_the_other_name(string name)
    {
        var (_, json, _) = Rewrite($$$"""
            {"id":"x","object":"chat.completion","created":1,"model":"deepseek-reasoner","choices":[{"index":0,
             "message":{"role":"assistant","content":"9.8 is greater.","{{{name}}}":"Compare the decimals: 0.8 \u003e 0.11."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":10,"completion_tokens":20,"total_tokens":30}}
            """, OpenAiRewriteOptions.WriteUsage | OpenAiRewriteOptions.MirrorReasoning);

        var message = json!["choices"]![0]!["message"]!;
        Assert.That(message["reasoning_content"]!.GetValue<string>(), Is.EqualTo("Compare the decimals: 0.8 > 0.11."));
        Assert.That(message["reasoning"]!.GetValue<string>(), Is.EqualTo("Compare the decimals: 0.8 > 0.11."));
        Assert.That(message["content"]!.GetValue<string>(), Is.EqualTo("9.8 is greater."));
        Assert.That(json["id"]!.GetValue<string>(), Is.EqualTo("gen-test-1"));
    }

    [Test]
    public void Mirrors_every_choice_and_keeps_the_rest_of_the_choices_intact()
    {
        const string Choices = """
            [{"index":0,"delta":{"reasoning":"a \"quoted\" thought","tool_calls":[{"index":0,"function":{"arguments":"{\"x\":1.5e3}"}}]},"logprobs":null,"finish_reason":null},
             {"index":1,"delta":{"reasoning_content":"ünïcode"},"finish_reason":null}]
            """;
        var (_, json, _) = Rewrite($$"""{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":{{Choices}}}""", OpenAiRewriteOptions.MirrorReasoning);

        var expected = JsonNode.Parse(Choices)!;
        expected[0]!["delta"]!["reasoning_content"] = "a \"quoted\" thought";
        expected[1]!["delta"]!["reasoning"] = "ünïcode";
        Assert.That(JsonNode.DeepEquals(json!["choices"], expected), Is.True, json!["choices"]!.ToJsonString());
    }

    [Test]
    public void Leaves_choices_byte_for_byte_when_both_names_are_present()
    {
        const string Chunk = """{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"r","reasoning":"r"},"finish_reason":null}]}""";
        var (_, json, _) = Rewrite(Chunk, OpenAiRewriteOptions.MirrorReasoning);

        Assert.That(json!["choices"]!.ToJsonString(), Is.EqualTo("""[{"index":0,"delta":{"reasoning_content":"r","reasoning":"r"},"finish_reason":null}]"""));
    }

    [Test]
    public void Passes_reasoning_through_under_its_own_name_without_the_option()
    {
        var (_, json, _) = Rewrite("""{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"reasoning_content":"r"},"finish_reason":null}]}""", OpenAiRewriteOptions.None);

        var delta = json!["choices"]![0]!["delta"]!.AsObject();
        Assert.That(delta.ContainsKey("reasoning"), Is.False);
        Assert.That(delta["reasoning_content"]!.GetValue<string>(), Is.EqualTo("r"));
    }

    [Test]
    public void Records_groqs_usage_from_x_groq_when_no_usage_field_came()
    {
        var (result, _, outcome) = Rewrite("""
            {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_1",
             "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],
             "x_groq":{"id":"req_01","usage":{"queue_time":0.04,"prompt_tokens":45,"prompt_time":0.002,"completion_tokens":3,"completion_time":0.01,"total_tokens":48,"total_time":0.012}}}
            """, OpenAiRewriteOptions.DropUsageOnlyChunk);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Written));
        Assert.That(outcome.Usage!.Value.PromptTokens, Is.EqualTo(45));
        Assert.That(outcome.Usage!.Value.CompletionTokens, Is.EqualTo(3));
        Assert.That(outcome.FinishReason, Is.EqualTo("stop"));
    }

    [Test]
    public void Prefers_the_standard_usage_over_x_groq()
    {
        var (_, _, outcome) = Rewrite("""
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"x_groq":{"usage":{"prompt_tokens":1,"completion_tokens":1}},
             "usage":{"prompt_tokens":45,"completion_tokens":3,"total_tokens":48}}
            """, OpenAiRewriteOptions.WriteUsage);

        Assert.That(outcome.Usage!.Value.PromptTokens, Is.EqualTo(45));
    }

    [Test]
    public void Counts_deepseeks_cache_hits_as_cached_tokens()
    {
        var (_, _, outcome) = Rewrite("""
            {"id":"c","object":"chat.completion","created":1,"model":"deepseek-chat","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":10,"completion_tokens":11,"total_tokens":21,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":2}}
            """, OpenAiRewriteOptions.WriteUsage);

        Assert.That(outcome.Usage!.Value.CachedReadTokens, Is.EqualTo(8));
    }

    [Test]
    public void Drops_azures_prompt_filter_chunk_with_empty_choices()
    {
        var (result, json, _) = Rewrite("""
            {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}
            """, OpenAiRewriteOptions.DropMetadataOnlyChunk | OpenAiRewriteOptions.WriteUsage);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Dropped));
        Assert.That(json, Is.Null);
    }

    [Test]
    public void Drops_azures_annotation_chunk_without_a_delta()
    {
        var (result, _, _) = Rewrite("""
            {"choices":[{"content_filter_offsets":{"check_offset":0,"start_offset":0,"end_offset":17},"content_filter_results":{"violence":{"filtered":false,"severity":"safe"}},"finish_reason":null,"index":0}],"created":0,"id":"","model":"","object":""}
            """, OpenAiRewriteOptions.DropMetadataOnlyChunk);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Dropped));
    }

    [TestCase("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""")]
    [TestCase("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"finish_reason":"content_filter","content_filter_results":{}}]}""")]
    [TestCase("""{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""")]
    public void Keeps_chunks_with_a_delta_a_finish_reason_or_usage(string chunk)
    {
        var (result, _, _) = Rewrite(chunk, OpenAiRewriteOptions.DropMetadataOnlyChunk | OpenAiRewriteOptions.WriteUsage);

        Assert.That(result, Is.EqualTo(OpenAiRewriteResult.Written));
    }
}
