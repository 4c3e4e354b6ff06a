using Gateway.Transforms.Providers.Anthropic;
using Gateway.Transforms.Responses;
using static Gateway.Tests.Transforms.Responses.ResponsesTestRig;

namespace Gateway.Tests.Transforms.Responses;

/// <summary>
/// A translated request's stream: the provider's events (recorded Anthropic fixtures, through Anthropic's adapter) as the
/// Responses API's event sequence, with monotonically increasing sequence numbers, whatever the byte split.
/// </summary>
[TestFixture]
public sealed class ChatToResponsesStreamTranscoderTests
{
    private static readonly AnthropicAdapter Anthropic = new();

    [TestCase("stream-text.sse")]
    [TestCase("stream-tool-use.sse")]
    [TestCase("stream-multilingual-tool.sse")]
    [TestCase("stream-overloaded-error.sse")]
    public void Gives_identical_output_when_split_at_every_byte_offset(string fixture)
    {
        using var request = Parse("""{"model":"claude","input":"Hi","stream":true}""");

        TranscoderRun.AssertSameAtEverySplit(outcome => Transcoder(request, outcome), FixtureBytes("Anthropic", fixture));
    }

    [Test]
    public void Opens_the_response_at_the_providers_first_event_not_its_first_token()
    {
        using var request = Parse("""{"model":"claude","input":"Hi","stream":true}""");
        var upstream = FixtureBytes("Anthropic", "stream-text.sse");
        // Only message_start: Anthropic has accepted the request, no text yet (the chat path sends its role chunk here).
        var firstEvent = upstream.AsSpan(0, upstream.AsSpan().IndexOf("\n\n"u8) + 2);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using var transcoder = Transcoder(request, new ResponseOutcome());

        transcoder.Write(firstEvent, output);

        var written = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.That(written, Does.StartWith("event: response.created\n"));
        Assert.That(written, Does.Contain("event: response.in_progress\n"));
        Assert.That(written, Does.Not.Contain("response.output_item.added"));
    }

    [Test]
    public void Writes_the_responses_event_sequence_for_text()
    {
        using var request = Parse("""{"model":"claude","input":"Hi","stream":true,"instructions":"Be kind.","metadata":{"run":"7"}}""");
        ReadOnlyMemory<byte>? final = null;

        var events = Events(Transcode(Transcoder(request, new ResponseOutcome(), bytes => final = bytes.ToArray()), FixtureBytes("Anthropic", "stream-text.sse")));

        Assert.That(events.Select(e => e.Name), Is.EqualTo(new[]
        {
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            "response.output_text.delta", "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
            "response.content_part.done", "response.output_item.done", "response.completed",
        }));
        AssertGrammar(events);
        var completed = events[^1].Data["response"]!;
        Assert.That(completed["id"]!.GetValue<string>(), Is.EqualTo(GatewayId));
        Assert.That(completed["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(completed["instructions"]!.GetValue<string>(), Is.EqualTo("Be kind."));
        Assert.That(completed["metadata"]!["run"]!.GetValue<string>(), Is.EqualTo("7"));
        Assert.That(completed["output"]![0]!["content"]![0]!["text"]!.GetValue<string>(), Is.EqualTo("Hello there!"));
        Assert.That(completed["usage"]!["output_tokens"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(completed["usage"]!["total_tokens"]!.GetValue<int>(),
            Is.EqualTo(completed["usage"]!["input_tokens"]!.GetValue<int>() + 6));
        Assert.That(JsonNode.Parse(final!.Value.Span)!.ToJsonString(), Is.EqualTo(completed.ToJsonString()), "what is kept is what the client got");
    }

    [Test]
    public void Writes_text_then_a_function_call_item_with_argument_deltas()
    {
        using var request = Parse("""{"model":"claude","input":"Weather in Paris?","stream":true,"tools":[{"type":"function","name":"get_weather"}]}""");

        var events = Events(Transcode(Transcoder(request, new ResponseOutcome()), FixtureBytes("Anthropic", "stream-tool-use.sse")));

        AssertGrammar(events);
        var added = events.Where(e => e.Name == "response.output_item.added").Select(e => e.Data["item"]!).ToList();
        Assert.That(added.Select(i => i["type"]!.GetValue<string>()), Is.EqualTo(new[] { "message", "function_call" }));
        Assert.That(added[1]["call_id"]!.GetValue<string>(), Is.EqualTo("toolu_01NRLabsLyVHZPKxbKvkfSMn"));
        Assert.That(added[1]["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));
        var arguments = string.Concat(events.Where(e => e.Name == "response.function_call_arguments.delta").Select(e => e.Data["delta"]!.GetValue<string>()));
        var done = events.Single(e => e.Name == "response.function_call_arguments.done").Data;
        Assert.That(done["arguments"]!.GetValue<string>(), Is.EqualTo(arguments));
        Assert.That(done["name"]!.GetValue<string>(), Is.EqualTo("get_weather"));
        Assert.That(JsonNode.Parse(arguments)!["location"]!.GetValue<string>(), Does.StartWith("Paris"));
        var output = events[^1].Data["response"]!["output"]!.AsArray();
        Assert.That(output[1]!["arguments"]!.GetValue<string>(), Is.EqualTo(arguments));
        Assert.That(output[1]!["id"]!.GetValue<string>(), Is.EqualTo(added[1]["id"]!.GetValue<string>()));
    }

    [Test]
    public void Ends_with_response_failed_when_the_provider_reports_an_error()
    {
        using var request = Parse("""{"model":"claude","input":"Hi","stream":true}""");
        var outcome = new ResponseOutcome();
        var transcoder = Transcoder(request, outcome);

        var events = Events(Transcode(transcoder, FixtureBytes("Anthropic", "stream-overloaded-error.sse")));

        AssertGrammar(events);
        Assert.That(events[^1].Name, Is.EqualTo("response.failed"));
        Assert.That(events[^1].Data["response"]!["status"]!.GetValue<string>(), Is.EqualTo("failed"));
        Assert.That(events[^1].Data["response"]!["error"]!["message"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(outcome.StreamError, Is.Not.Null);
    }

    /// <summary>Sequence numbers from 0 up by one; created first; one terminal event, last; items opened and closed in order.</summary>
    private static void AssertGrammar(List<(string Name, JsonObject Data)> events)
    {
        Assert.That(events.Select(e => e.Data["sequence_number"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(0, events.Count)));
        Assert.That(events[0].Name, Is.EqualTo("response.created"));
        Assert.That(events[1].Name, Is.EqualTo("response.in_progress"));
        string[] terminal = ["response.completed", "response.incomplete", "response.failed"];
        Assert.That(events.Count(e => terminal.Contains(e.Name)), Is.EqualTo(1));
        Assert.That(terminal, Does.Contain(events[^1].Name));
        var open = -1;
        foreach (var (name, data) in events)
        {
            if (name == "response.output_item.added")
            {
                Assert.That(open, Is.EqualTo(-1), "one item at a time");
                open = data["output_index"]!.GetValue<int>();
            }
            else if (name == "response.output_item.done")
            {
                Assert.That(data["output_index"]!.GetValue<int>(), Is.EqualTo(open));
                open = -1;
            }
            else if (data.ContainsKey("output_index"))
            {
                Assert.That(data["output_index"]!.GetValue<int>(), Is.EqualTo(open), name);
            }
        }
        Assert.That(open, Is.EqualTo(-1), "every item is closed");
    }

    private static ChatToResponsesStreamTranscoder Transcoder(ResponsesRequest request, ResponseOutcome outcome, Action<ReadOnlyMemory<byte>>? finished = null)
    {
        var context = Context();
        return new ChatToResponsesStreamTranscoder(Anthropic.CreateStreamTranscoder(context, outcome), request, context, outcome, stored: true, finished);
    }
}
