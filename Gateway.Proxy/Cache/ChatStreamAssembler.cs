using System.Buffers;
using System.Text;
using Gateway.Transforms;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Buffers;
using Gateway.Transforms.Usage;

namespace Gateway.Proxy.Cache;

/// <summary>
/// Turns a chat stream as the gateway sent it (OpenAI <c>chat.completion.chunk</c> events) into the whole
/// <c>chat.completion</c> it amounts to, the one form the cache stores: per choice the role, the text, reasoning and
/// refusal concatenated, tool calls joined by index with their arguments, the finish reason; the stream's usage (or, when
/// the client did not ask for the usage chunk, the provider's as the gateway read it). Runs once, after the stream ended,
/// never on the streaming path. A stream it cannot represent faithfully — an error event, log probabilities, a choice
/// without a finish reason — is not assembled (null), and so not cached.
/// </summary>
internal static class ChatStreamAssembler
{
    public static byte[]? Assemble(ReadOnlySpan<byte> sse, TokenUsage? providerUsage)
    {
        var answer = new Answer();
        var rest = sse;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\n\n"u8);
            var eventBytes = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 2)..];
            if (!ReadEvent(eventBytes, answer))
            {
                return null;
            }
        }
        if (!answer.Done || answer.Choices.Count == 0)
        {
            return null;
        }
        foreach (var choice in answer.Choices.Values)
        {
            if (choice.FinishReason is null or "error")
            {
                return null;
            }
        }
        return Write(answer, providerUsage);
    }

    private static bool ReadEvent(ReadOnlySpan<byte> eventBytes, Answer answer)
    {
        foreach (var line in eventBytes.Split((byte)'\n'))
        {
            var text = eventBytes[line];
            if (!text.StartsWith("data:"u8))
            {
                continue;
            }
            var data = text[5..].TrimStart((byte)' ');
            if (data.SequenceEqual("[DONE]"u8))
            {
                answer.Done = true;
                continue;
            }
            try
            {
                using var chunk = JsonDocument.Parse(data.ToArray());
                if (!ReadChunk(chunk.RootElement, answer))
                {
                    return false;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }
        return true;
    }

    private static bool ReadChunk(JsonElement chunk, Answer answer)
    {
        if (chunk.ValueKind != JsonValueKind.Object || chunk.TryGetProperty("error"u8, out _))
        {
            return false;
        }
        answer.Id ??= StringOf(chunk, "id"u8);
        answer.Created ??= chunk.TryGetProperty("created"u8, out var created) && created.TryGetInt64(out var seconds) ? seconds : null;
        answer.Model = StringOf(chunk, "model"u8) ?? answer.Model;
        answer.Provider ??= StringOf(chunk, "provider"u8);
        answer.SystemFingerprint ??= StringOf(chunk, "system_fingerprint"u8);
        if (chunk.TryGetProperty("usage"u8, out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            answer.Usage = usage.GetRawText();
        }
        if (!chunk.TryGetProperty("choices"u8, out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return true;
        }
        foreach (var element in choices.EnumerateArray())
        {
            var index = element.TryGetProperty("index"u8, out var i) && i.TryGetInt32(out var n) ? n : 0;
            if (!answer.Choices.TryGetValue(index, out var choice))
            {
                choice = new Choice();
                answer.Choices[index] = choice;
            }
            if (element.TryGetProperty("logprobs"u8, out var logprobs) && logprobs.ValueKind != JsonValueKind.Null)
            {
                return false;
            }
            if (element.TryGetProperty("finish_reason"u8, out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                choice.FinishReason = finish.GetString();
            }
            if (element.TryGetProperty("delta"u8, out var delta) && delta.ValueKind == JsonValueKind.Object && !ReadDelta(delta, choice))
            {
                return false;
            }
        }
        return true;
    }

    private static bool ReadDelta(JsonElement delta, Choice choice)
    {
        foreach (var field in delta.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "role":
                    break;
                case "content":
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        choice.Content.Append(value.GetString());
                    }
                    else if (value.ValueKind != JsonValueKind.Null)
                    {
                        return false;
                    }
                    break;
                case "reasoning_content":
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        choice.Reasoning.Append(value.GetString());
                        choice.ReasoningSeen = true;
                    }
                    break;
                case "reasoning":
                    // The gateway sends reasoning under both names; a provider passed through may send only this one.
                    if (value.ValueKind == JsonValueKind.String && !choice.ReasoningSeen)
                    {
                        choice.ReasoningOnly.Append(value.GetString());
                    }
                    break;
                case "refusal":
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        (choice.Refusal ??= new StringBuilder()).Append(value.GetString());
                    }
                    break;
                case "tool_calls":
                    if (value.ValueKind == JsonValueKind.Array && !ReadToolCalls(value, choice))
                    {
                        return false;
                    }
                    break;
                default:
                    if (value.ValueKind != JsonValueKind.Null)
                    {
                        // A delta field the cache does not know how to join (audio, annotations, …): not cached.
                        return false;
                    }
                    break;
            }
        }
        return true;
    }

    private static bool ReadToolCalls(JsonElement calls, Choice choice)
    {
        foreach (var call in calls.EnumerateArray())
        {
            var index = call.TryGetProperty("index"u8, out var i) && i.TryGetInt32(out var n) ? n : 0;
            if (!choice.ToolCalls.TryGetValue(index, out var tool))
            {
                tool = new ToolCall();
                choice.ToolCalls[index] = tool;
            }
            tool.Id ??= StringOf(call, "id"u8);
            tool.Type ??= StringOf(call, "type"u8);
            if (call.TryGetProperty("function"u8, out var function) && function.ValueKind == JsonValueKind.Object)
            {
                tool.Name ??= StringOf(function, "name"u8);
                if (function.TryGetProperty("arguments"u8, out var arguments) && arguments.ValueKind == JsonValueKind.String)
                {
                    tool.Arguments.Append(arguments.GetString());
                }
            }
        }
        return true;
    }

    private static byte[] Write(Answer answer, TokenUsage? providerUsage)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            json.WriteStartObject();
            json.WriteString("id"u8, answer.Id ?? string.Empty);
            json.WriteString("object"u8, "chat.completion"u8);
            json.WriteNumber("created"u8, answer.Created ?? 0);
            json.WriteString("model"u8, answer.Model ?? string.Empty);
            if (answer.Provider is not null)
            {
                json.WriteString("provider"u8, answer.Provider);
            }
            if (answer.SystemFingerprint is not null)
            {
                json.WriteString("system_fingerprint"u8, answer.SystemFingerprint);
            }
            json.WritePropertyName("choices"u8);
            json.WriteStartArray();
            foreach (var (index, choice) in answer.Choices.OrderBy(pair => pair.Key))
            {
                WriteChoice(json, index, choice);
            }
            json.WriteEndArray();
            if (answer.Usage is not null)
            {
                json.WritePropertyName("usage"u8);
                using var usage = JsonDocument.Parse(answer.Usage);
                CachedAnswerWriter.WriteUsage(json, usage.RootElement, cost: null);
            }
            else if (providerUsage is { } usage)
            {
                UsageJsonWriter.Write(json, usage);
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteChoice(Utf8JsonWriter json, int index, Choice choice)
    {
        json.WriteStartObject();
        json.WriteNumber("index"u8, index);
        json.WritePropertyName("message"u8);
        json.WriteStartObject();
        json.WriteString("role"u8, "assistant"u8);
        if (choice.Content.Length > 0 || choice.ToolCalls.Count == 0)
        {
            json.WriteString("content"u8, choice.Content.ToString());
        }
        else
        {
            json.WriteNull("content"u8);
        }
        var reasoning = choice.ReasoningSeen ? choice.Reasoning : choice.ReasoningOnly;
        if (reasoning.Length > 0)
        {
            json.WriteString("reasoning_content"u8, reasoning.ToString());
            json.WriteString("reasoning"u8, reasoning.ToString());
        }
        if (choice.Refusal is { } refusal)
        {
            json.WriteString("refusal"u8, refusal.ToString());
        }
        if (choice.ToolCalls.Count > 0)
        {
            json.WritePropertyName("tool_calls"u8);
            json.WriteStartArray();
            foreach (var (_, tool) in choice.ToolCalls.OrderBy(pair => pair.Key))
            {
                json.WriteStartObject();
                json.WriteString("id"u8, tool.Id ?? string.Empty);
                json.WriteString("type"u8, tool.Type ?? "function");
                json.WritePropertyName("function"u8);
                json.WriteStartObject();
                json.WriteString("name"u8, tool.Name ?? string.Empty);
                json.WriteString("arguments"u8, tool.Arguments.ToString());
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, choice.FinishReason);
        json.WriteEndObject();
    }

    private static string? StringOf(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class Answer
    {
        public string? Id;
        public long? Created;
        public string? Model;
        public string? Provider;
        public string? SystemFingerprint;
        public string? Usage;
        public bool Done;
        public readonly Dictionary<int, Choice> Choices = [];
    }

    private sealed class Choice
    {
        public readonly StringBuilder Content = new();
        public readonly StringBuilder Reasoning = new();
        public readonly StringBuilder ReasoningOnly = new();
        public bool ReasoningSeen;
        public StringBuilder? Refusal;
        public string? FinishReason;
        public readonly Dictionary<int, ToolCall> ToolCalls = [];
    }

    private sealed class ToolCall
    {
        public string? Id;
        public string? Type;
        public string? Name;
        public readonly StringBuilder Arguments = new();
    }
}
