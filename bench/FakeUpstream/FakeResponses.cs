using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace Gateway.Bench.FakeUpstream;

/// <summary>
/// The fixed answers, encoded once at start so a request costs only I/O: a non-stream completion shaped like
/// OpenAI's (Gateway.Tests/Fixtures/OpenAi/chat-text.response.json), and an SSE stream of role chunk, content
/// chunks, finish chunk, usage chunk (when asked for, as OpenAI does) and <c>[DONE]</c>, flushed per event.
/// </summary>
internal sealed class FakeResponses
{
    private const string ChunkPrefix = """data: {"id":"chatcmpl-7xL1bq3XxVGYXbWmzkfPgVoPm3Hfq","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_44709d6fcb","choices":""";

    private static readonly string[] Words = [" Hello", "!", " How", " can", " I", " assist", " you", " today", "?", " Zürich", " 👋"];

    private static readonly byte[] Completion = Encoding.UTF8.GetBytes("""
        {
          "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
          "object": "chat.completion",
          "created": 1741569952,
          "model": "gpt-4o-mini-2024-07-18",
          "choices": [
            {
              "index": 0,
              "message": {
                "role": "assistant",
                "content": "Hello! How can I assist you today?",
                "refusal": null,
                "annotations": []
              },
              "logprobs": null,
              "finish_reason": "stop"
            }
          ],
          "usage": {
            "prompt_tokens": 19,
            "completion_tokens": 10,
            "total_tokens": 29,
            "prompt_tokens_details": {
              "cached_tokens": 0,
              "audio_tokens": 0
            },
            "completion_tokens_details": {
              "reasoning_tokens": 0,
              "audio_tokens": 0,
              "accepted_prediction_tokens": 0,
              "rejected_prediction_tokens": 0
            }
          },
          "service_tier": "default",
          "system_fingerprint": "fp_06737a9306"
        }
        """);

    private readonly byte[][] _events;
    private readonly byte[] _usage;
    private readonly byte[] _done = "data: [DONE]\n\n"u8.ToArray();
    private readonly TimeSpan _delay;

    public FakeResponses(int contentChunks, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(contentChunks);
        _delay = delay;
        var events = new List<byte[]>(contentChunks + 2)
        {
            Event("""[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}"""),
        };
        for (var i = 0; i < contentChunks; i++)
        {
            var word = JsonSerializer.Serialize(Words[i % Words.Length]);
            events.Add(Event($$"""[{"index":0,"delta":{"content":{{word}}},"logprobs":null,"finish_reason":null}],"usage":null}"""));
        }
        events.Add(Event("""[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}"""));
        _events = [.. events];
        var completionTokens = contentChunks.ToString(CultureInfo.InvariantCulture);
        var totalTokens = (19 + contentChunks).ToString(CultureInfo.InvariantCulture);
        _usage = Event("""[],"usage":{"prompt_tokens":19,"completion_tokens":""" + completionTokens + ""","total_tokens":""" + totalTokens
            + ""","prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}""");
    }

    public async Task HandleAsync(HttpContext context)
    {
        var (stream, includeUsage) = await ReadRequestAsync(context.Request.BodyReader, context.RequestAborted);
        var response = context.Response;
        response.Headers["x-request-id"] = "req_fake_upstream";
        if (!stream)
        {
            response.ContentType = "application/json";
            response.ContentLength = Completion.Length;
            await response.Body.WriteAsync(Completion, context.RequestAborted);
            return;
        }

        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var writer = response.BodyWriter;
        for (var i = 0; i < _events.Length; i++)
        {
            await WriteEventAsync(writer, _events[i], first: i == 0, context.RequestAborted);
        }
        if (includeUsage)
        {
            await WriteEventAsync(writer, _usage, first: false, context.RequestAborted);
        }
        await WriteEventAsync(writer, _done, first: false, context.RequestAborted);
    }

    private async ValueTask WriteEventAsync(PipeWriter writer, byte[] sse, bool first, CancellationToken cancellationToken)
    {
        if (!first && _delay > TimeSpan.Zero)
        {
            await Task.Delay(_delay, cancellationToken);
        }
        // One flush per event, as a real provider sends tokens: each event leaves in its own write.
        await writer.WriteAsync(sse, cancellationToken);
    }

    /// <summary>Drains the body and reads the two top-level fields that shape the answer.</summary>
    private static async ValueTask<(bool Stream, bool IncludeUsage)> ReadRequestAsync(PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                var fields = Inspect(result.Buffer);
                body.AdvanceTo(result.Buffer.End);
                return fields;
            }
            // Nothing consumed, everything examined: the next read returns the whole body so far.
            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static (bool Stream, bool IncludeUsage) Inspect(ReadOnlySequence<byte> json)
    {
        var stream = false;
        var includeUsage = false;
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
                    stream = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("stream_options"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        continue;
                    }
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("include_usage"u8))
                        {
                            reader.Read();
                            includeUsage = reader.TokenType == JsonTokenType.True;
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A broken body gets the non-stream answer: the fake judges nothing, the gateway does.
        }
        return (stream, includeUsage);
    }

    private static byte[] Event(string choicesAndUsage) => Encoding.UTF8.GetBytes(ChunkPrefix + choicesAndUsage + "\n\n");
}
