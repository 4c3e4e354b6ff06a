using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace Gateway.Bench.FakeUpstream;

/// <summary>
/// Anthropic's <c>POST /v1/messages</c>, so an <c>anthropic</c>-kind provider can be benchmarked: a fixed message, or
/// with <c>"stream":true</c> Anthropic's event grammar (as Gateway.Tests/Fixtures/Anthropic/stream-text.sse):
/// <c>message_start</c>, <c>content_block_start</c>, <c>ping</c>, one <c>content_block_delta</c> per content chunk,
/// <c>content_block_stop</c>, <c>message_delta</c> (stop reason, output tokens), <c>message_stop</c>; each event
/// <c>event:</c> + <c>data:</c>, one write per event and the pause between events that the chat stream has.
/// </summary>
internal sealed class FakeAnthropicMessages
{
    private static readonly string[] Words = [" Hello", "!", " How", " can", " I", " assist", " you", " today", "?", " Zürich", " 👋"];

    private readonly byte[][] _events;
    private readonly byte[] _message;
    private readonly TimeSpan _delay;

    public FakeAnthropicMessages(int contentChunks, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contentChunks);
        _delay = delay;
        var outputTokens = contentChunks.ToString(CultureInfo.InvariantCulture);
        var events = new List<byte[]>(contentChunks + 6)
        {
            Event("message_start", """{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}"""),
            Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            Event("ping", """{"type": "ping"}"""),
        };
        var text = new StringBuilder();
        for (var i = 0; i < contentChunks; i++)
        {
            var word = Words[i % Words.Length];
            text.Append(word);
            events.Add(Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{{{JsonSerializer.Serialize(word)}}}}}"""));
        }
        events.Add(Event("content_block_stop", """{"type":"content_block_stop","index":0}"""));
        events.Add(Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":""" + outputTokens + "}}"));
        events.Add(Event("message_stop", """{"type":"message_stop"}"""));
        _events = [.. events];
        _message = Encoding.UTF8.GetBytes($$$"""{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":{{{JsonSerializer.Serialize(text.ToString())}}}}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":19,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":{{{outputTokens}}}}}""");
    }

    public async Task HandleAsync(HttpContext context)
    {
        var body = await FakeRequestBody.ReadAsync(context.Request.BodyReader, context.RequestAborted);
        var response = context.Response;
        response.Headers["request-id"] = "req_fake_upstream";
        if (!AsksStream(body))
        {
            response.ContentType = "application/json";
            response.ContentLength = _message.Length;
            await response.Body.WriteAsync(_message, context.RequestAborted);
            return;
        }

        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var writer = response.BodyWriter;
        for (var i = 0; i < _events.Length; i++)
        {
            await WriteEventAsync(writer, _events[i], first: i == 0, context.RequestAborted);
        }
    }

    private async ValueTask WriteEventAsync(PipeWriter writer, byte[] sse, bool first, CancellationToken cancellationToken)
    {
        if (!first && _delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, cancellationToken);
        }
        await writer.WriteAsync(sse, cancellationToken);
    }

    private static bool AsksStream(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }
                if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.True;
                }
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A broken body gets the non-stream answer: the fake judges nothing, the gateway does.
        }
        return false;
    }

    private static byte[] Event(string name, string data) => Encoding.UTF8.GetBytes("event: " + name + "\ndata: " + data + "\n\n");
}
