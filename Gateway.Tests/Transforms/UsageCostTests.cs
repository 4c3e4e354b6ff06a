using System.Buffers;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Usage;

namespace Gateway.Tests.Transforms;

/// <summary>OpenRouter's usage.cost: written by the usage writer, added to whole answers, never duplicated.</summary>
[TestFixture]
public sealed class UsageCostTests
{
    [Test]
    public void Adds_cost_to_the_stream_usage_chunk_when_the_context_prices_usage()
    {
        var context = new ResponseContext
        {
            ResponseId = "gen-1-x", Created = 1, ProviderId = "p", Model = "m", IncludeUsage = true,
            UsageCost = usage => usage.PromptTokens * 0.001m + usage.CompletionTokens * 0.002m,
        };
        using var chunks = new ChatChunkWriter(context);
        var output = new ArrayBufferWriter<byte>();

        chunks.WriteUsage(output, new TokenUsage(10, 5));

        var usage = Chunk(output)["usage"]!;
        Assert.That(usage["cost"]!.GetValue<decimal>(), Is.EqualTo(0.02m));
        Assert.That(usage["total_tokens"]!.GetValue<int>(), Is.EqualTo(15));
    }

    [Test]
    public void Writes_no_cost_when_the_client_did_not_ask()
    {
        using var chunks = new ChatChunkWriter(new ResponseContext { ResponseId = "gen-1-x", Created = 1, ProviderId = "p", Model = "m" });
        var output = new ArrayBufferWriter<byte>();

        chunks.WriteUsage(output, new TokenUsage(10, 5));

        Assert.That(Chunk(output)["usage"]!.AsObject().ContainsKey("cost"), Is.False);
    }

    [Test]
    public void Injects_cost_into_a_whole_answer_keeping_every_provider_field()
    {
        var answer = """{"id":"gen-1","object":"chat.completion","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":10,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0}},"system_fingerprint":"fp"}""";
        var output = new ArrayBufferWriter<byte>();

        Assert.That(UsageCostInjector.TryInject(Encoding.UTF8.GetBytes(answer), 0.0001475m, output), Is.True);

        var json = JsonNode.Parse(output.WrittenSpan)!;
        Assert.That(json["usage"]!["cost"]!.GetValue<decimal>(), Is.EqualTo(0.0001475m));
        Assert.That(json["usage"]!["prompt_tokens_details"]!["audio_tokens"]!.GetValue<int>(), Is.Zero);
        Assert.That(json["system_fingerprint"]!.GetValue<string>(), Is.EqualTo("fp"));
    }

    [Test]
    public void Replaces_a_cost_the_provider_sent_instead_of_duplicating_it()
    {
        var answer = """{"id":"gen-1","usage":{"prompt_tokens":1,"cost":9.99,"completion_tokens":1}}""";
        var output = new ArrayBufferWriter<byte>();

        UsageCostInjector.TryInject(Encoding.UTF8.GetBytes(answer), 0.5m, output);

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.That(text.Split("\"cost\"").Length - 1, Is.EqualTo(1), text);
        Assert.That(JsonNode.Parse(text)!["usage"]!["cost"]!.GetValue<decimal>(), Is.EqualTo(0.5m));
    }

    [Test]
    public void Leaves_an_answer_without_usage_alone()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.That(UsageCostInjector.TryInject("""{"id":"x","choices":[]}"""u8, 1m, output), Is.False);
        Assert.That(output.WrittenCount, Is.Zero);
    }

    private static JsonNode Chunk(ArrayBufferWriter<byte> output)
    {
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.That(text, Does.StartWith("data: ").And.EndWith("\n\n"));
        return JsonNode.Parse(text["data: ".Length..].Trim())!;
    }
}
