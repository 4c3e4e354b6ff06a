using Gateway.Transforms.Errors;
using Gateway.Transforms.Responses;
using static Gateway.Tests.Transforms.Responses.ResponsesTestRig;

namespace Gateway.Tests.Transforms.Responses;

/// <summary>OpenAI's Responses API stream passed through: its events intact but for the gateway's response id, at any byte split.</summary>
[TestFixture]
public sealed class ResponsesStreamRewriterTests
{
    private const string ProviderId = "resp_68b1f2c4a7d08190a1b7e3c9d2f4a5b60c1d2e3f4a5b6c7d";

    [TestCase("responses-stream-text.sse")]
    [TestCase("responses-stream-function-call.sse")]
    public void Gives_identical_output_when_split_at_every_byte_offset(string fixture)
    {
        TranscoderRun.AssertSameAtEverySplit(Rewriter, FixtureBytes("OpenAi", fixture));
    }

    [Test]
    public void Keeps_every_event_and_replaces_the_providers_response_id_with_the_gateways()
    {
        var upstream = FixtureBytes("OpenAi", "responses-stream-text.sse");
        var outcome = new ResponseOutcome();
        ReadOnlyMemory<byte>? final = null;
        var output = Transcode(new ResponsesStreamRewriter(Context("openai", "gpt-4.1"), outcome, new ResponseIdMap(GatewayId, null), bytes => final = bytes.ToArray()), upstream);

        var sent = Events(upstream);
        var received = Events(output);
        Assert.That(received.Select(e => e.Name), Is.EqualTo(sent.Select(e => e.Name)));
        Assert.That(received.Select(e => e.Data["sequence_number"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(0, sent.Count)));
        Assert.That(Encoding.UTF8.GetString(output), Does.Not.Contain(ProviderId));
        Assert.That(received[0].Data["response"]!["id"]!.GetValue<string>(), Is.EqualTo(GatewayId));
        Assert.That(received[^1].Data["response"]!["id"]!.GetValue<string>(), Is.EqualTo(GatewayId));
        var deltas = string.Concat(received.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data["delta"]!.GetValue<string>()));
        Assert.That(deltas, Is.EqualTo("Grüße! Das ist ein \"Test\" — 🌍 ok."));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ProviderResponseId, Is.EqualTo(ProviderId));
            Assert.That(outcome.Usage!.Value.PromptTokens, Is.EqualTo(19));
            Assert.That(outcome.Usage!.Value.CompletionTokens, Is.EqualTo(14));
            Assert.That(outcome.StreamEnded, Is.True);
            Assert.That(outcome.FirstTokenTimestamp, Is.Not.Zero);
            Assert.That(outcome.StreamError, Is.Null);
        });
        var stored = JsonNode.Parse(final!.Value.Span)!;
        Assert.That(stored["id"]!.GetValue<string>(), Is.EqualTo(GatewayId));
        Assert.That(stored["status"]!.GetValue<string>(), Is.EqualTo("completed"));
    }

    [Test]
    public void Gives_the_clients_previous_response_id_back_in_place_of_the_providers()
    {
        var upstream = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(FixtureBytes("OpenAi", "responses-stream-text.sse"))
            .Replace("\"previous_response_id\":null", "\"previous_response_id\":\"resp_provider_earlier\"", StringComparison.Ordinal));

        var output = Encoding.UTF8.GetString(Transcode(
            new ResponsesStreamRewriter(Context("openai", "gpt-4.1"), new ResponseOutcome(), new ResponseIdMap(GatewayId, "resp_gateway_earlier")), upstream));

        Assert.That(output, Does.Not.Contain("resp_provider_earlier"));
        Assert.That(output, Does.Contain("\"previous_response_id\":\"resp_gateway_earlier\""));
    }

    [Test]
    public void Ends_with_an_error_event_when_the_provider_stops_before_the_response_completes()
    {
        var whole = Encoding.UTF8.GetString(FixtureBytes("OpenAi", "responses-stream-text.sse"));
        var cut = Encoding.UTF8.GetBytes(whole[..whole.IndexOf("event: response.output_text.done", StringComparison.Ordinal)]);
        var outcome = new ResponseOutcome();

        var events = Events(Transcode(Rewriter(outcome), cut));

        Assert.That(events[^1].Name, Is.EqualTo("error"));
        Assert.That(events[^1].Data["code"]!.GetValue<string>(), Is.EqualTo("upstream_stream_broken"));
        Assert.That(events[^1].Data["sequence_number"]!.GetValue<int>(), Is.EqualTo(events[^2].Data["sequence_number"]!.GetValue<int>() + 1));
        Assert.That(outcome.StreamError, Is.Not.Null);
    }

    [Test]
    public void Ends_with_an_error_event_when_told_to_fail()
    {
        var outcome = new ResponseOutcome();
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using var rewriter = Rewriter(outcome);

        rewriter.Fail(new GatewayError(504, GatewayErrorTypes.Timeout, "Provider 'openai' stopped sending mid-stream.", "upstream_timeout"), output);

        Assert.That(rewriter.Failed, Is.True);
        Assert.That(Events(output.WrittenSpan.ToArray())[0].Data["code"]!.GetValue<string>(), Is.EqualTo("upstream_timeout"));
    }

    private static ResponsesStreamRewriter Rewriter(ResponseOutcome outcome) =>
        new(Context("openai", "gpt-4.1"), outcome, new ResponseIdMap(GatewayId, null));
}
