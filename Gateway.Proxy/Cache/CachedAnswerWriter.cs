using System.Buffers;
using Gateway.Transforms;
using Gateway.Transforms.OpenAI;

namespace Gateway.Proxy.Cache;

/// <summary>
/// Writes a cached answer for the request in hand, in the form it asked for: the whole answer with this request's
/// <c>id</c> and <c>created</c>, or (chat) the same answer as a stream of <c>chat.completion.chunk</c> events — per
/// choice the role, reasoning, text, refusal, each tool call whole, the finish reason — then the usage chunk if asked
/// for, and <c>[DONE]</c>. The usage is the original's (the tokens the answer took); OpenRouter's <c>usage.cost</c>, when
/// asked for, is 0: a hit costs nothing.
/// </summary>
internal static class CachedAnswerWriter
{
    /// <summary>The whole answer, with <c>id</c> and <c>created</c> (where the kind's answer has them) replaced.</summary>
    public static void WriteWhole(JsonElement answer, string id, long created, bool withCost, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        json.WriteStartObject();
        foreach (var field in answer.EnumerateObject())
        {
            switch (field.Name)
            {
                case "id":
                    json.WriteString("id"u8, id);
                    break;
                case "created":
                    json.WriteNumber("created"u8, created);
                    break;
                case "usage" when field.Value.ValueKind == JsonValueKind.Object:
                    json.WritePropertyName("usage"u8);
                    WriteUsage(json, field.Value, withCost ? 0m : null);
                    break;
                default:
                    field.WriteTo(json);
                    break;
            }
        }
        json.WriteEndObject();
    }

    /// <summary>A chat answer as the stream a provider's would have become, event by event, ending with <c>[DONE]</c>.</summary>
    public static void WriteStream(JsonElement answer, string id, long created, bool includeUsage, bool withCost, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        var envelope = new Envelope(answer, id, created);
        if (answer.TryGetProperty("choices"u8, out var choices) && choices.ValueKind == JsonValueKind.Array)
        {
            foreach (var choice in choices.EnumerateArray())
            {
                WriteChoice(json, envelope, choice, output);
            }
        }
        if (includeUsage && answer.TryGetProperty("usage"u8, out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            envelope.Begin(json, output);
            json.WritePropertyName("choices"u8);
            json.WriteStartArray();
            json.WriteEndArray();
            json.WritePropertyName("usage"u8);
            WriteUsage(json, usage, withCost ? 0m : null);
            json.WriteEndObject();
            End(json, output);
        }
        ChatChunkWriter.WriteDone(output);
    }

    /// <summary>A usage object without the stored <c>cost</c>, with <paramref name="cost"/> instead when given.</summary>
    public static void WriteUsage(Utf8JsonWriter json, JsonElement usage, decimal? cost)
    {
        json.WriteStartObject();
        foreach (var field in usage.EnumerateObject())
        {
            if (field.Name != "cost")
            {
                field.WriteTo(json);
            }
        }
        if (cost is { } value)
        {
            json.WriteNumber("cost"u8, value);
        }
        json.WriteEndObject();
    }

    private static void WriteChoice(Utf8JsonWriter json, Envelope envelope, JsonElement choice, IBufferWriter<byte> output)
    {
        var index = choice.TryGetProperty("index"u8, out var i) && i.TryGetInt32(out var n) ? n : 0;
        choice.TryGetProperty("message"u8, out var message);
        var hasMessage = message.ValueKind == JsonValueKind.Object;

        envelope.BeginDelta(json, output, index);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, ""u8);
        EndDelta(json, output, finishReason: default);

        if (hasMessage && message.TryGetProperty("reasoning_content"u8, out var reasoning) && reasoning.ValueKind == JsonValueKind.String
            || hasMessage && message.TryGetProperty("reasoning"u8, out reasoning) && reasoning.ValueKind == JsonValueKind.String)
        {
            envelope.BeginDelta(json, output, index);
            json.WritePropertyName("reasoning_content"u8);
            reasoning.WriteTo(json);
            json.WritePropertyName("reasoning"u8);
            reasoning.WriteTo(json);
            EndDelta(json, output, default);
        }
        if (hasMessage && message.TryGetProperty("content"u8, out var content) && content.ValueKind != JsonValueKind.Null
            && !(content.ValueKind == JsonValueKind.String && content.ValueEquals(""u8)))
        {
            envelope.BeginDelta(json, output, index);
            json.WritePropertyName("content"u8);
            content.WriteTo(json);
            EndDelta(json, output, default);
        }
        if (hasMessage && message.TryGetProperty("refusal"u8, out var refusal) && refusal.ValueKind == JsonValueKind.String)
        {
            envelope.BeginDelta(json, output, index);
            json.WritePropertyName("refusal"u8);
            refusal.WriteTo(json);
            EndDelta(json, output, default);
        }
        if (hasMessage && message.TryGetProperty("tool_calls"u8, out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            var toolIndex = 0;
            foreach (var tool in tools.EnumerateArray())
            {
                envelope.BeginDelta(json, output, index);
                json.WritePropertyName("tool_calls"u8);
                json.WriteStartArray();
                json.WriteStartObject();
                json.WriteNumber("index"u8, toolIndex++);
                foreach (var field in tool.EnumerateObject())
                {
                    if (field.Name != "index")
                    {
                        field.WriteTo(json);
                    }
                }
                json.WriteEndObject();
                json.WriteEndArray();
                EndDelta(json, output, default);
            }
        }
        envelope.BeginDelta(json, output, index);
        var finish = choice.TryGetProperty("finish_reason"u8, out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : "stop";
        EndDelta(json, output, finish);
    }

    private static void EndDelta(Utf8JsonWriter json, IBufferWriter<byte> output, string? finishReason)
    {
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        if (finishReason is null)
        {
            json.WriteNull("finish_reason"u8);
        }
        else
        {
            json.WriteString("finish_reason"u8, finishReason);
        }
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        End(json, output);
    }

    private static void End(Utf8JsonWriter json, IBufferWriter<byte> output)
    {
        json.Flush();
        json.Reset(output);
        output.Write("\n\n"u8);
    }

    /// <summary>What every chunk of the replayed stream starts with.</summary>
    private readonly struct Envelope(JsonElement answer, string id, long created)
    {
        public void Begin(Utf8JsonWriter json, IBufferWriter<byte> output)
        {
            output.Write("data: "u8);
            json.WriteStartObject();
            json.WriteString("id"u8, id);
            json.WriteString("object"u8, "chat.completion.chunk"u8);
            json.WriteNumber("created"u8, created);
            foreach (var name in (ReadOnlySpan<string>)["model", "provider", "system_fingerprint"])
            {
                if (answer.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    json.WritePropertyName(name);
                    value.WriteTo(json);
                }
            }
        }

        public void BeginDelta(Utf8JsonWriter json, IBufferWriter<byte> output, int index)
        {
            Begin(json, output);
            json.WritePropertyName("choices"u8);
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteNumber("index"u8, index);
            json.WritePropertyName("delta"u8);
            json.WriteStartObject();
        }
    }
}
