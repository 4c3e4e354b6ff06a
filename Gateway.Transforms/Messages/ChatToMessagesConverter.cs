using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.OpenAI;

namespace Gateway.Transforms.Messages;

/// <summary>
/// Converts a whole <c>chat.completion</c> (what every provider adapter writes) to Anthropic's Messages answer: the first
/// choice's reasoning as a <c>thinking</c> block, its text as a <c>text</c> block, each tool call as a <c>tool_use</c>
/// block with its arguments as <c>input</c>, the finish reason as <c>stop_reason</c>, and the usage in Anthropic's terms.
/// </summary>
public static class ChatToMessagesConverter
{
    /// <exception cref="UpstreamFormatException">The chat answer is not a JSON object.</exception>
    public static void Convert(ReadOnlySpan<byte> chatCompletion, ResponseContext context, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(json);
        var scan = Scan(chatCompletion);
        using var scratch = new JsonStringScratch();
        json.WriteStartObject();
        json.WriteString("id"u8, context.ResponseId);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        if (scan.ModelLength > 0)
        {
            var reader = new Utf8JsonReader(chatCompletion.Slice(scan.ModelStart, scan.ModelLength));
            reader.Read();
            json.WriteString("model"u8, scratch.Unescape(ref reader));
        }
        else
        {
            json.WriteString("model"u8, context.Model);
        }
        json.WritePropertyName("content"u8);
        json.WriteStartArray();
        if (scan.MessageLength > 0)
        {
            var message = chatCompletion.Slice(scan.MessageStart, scan.MessageLength);
            WriteThinking(message, json, scratch);
            WriteText(message, json, scratch);
            WriteToolUses(message, json, scratch);
        }
        json.WriteEndArray();
        json.WriteString("stop_reason"u8, scan.StopReason);
        json.WriteNull("stop_sequence"u8);
        MessagesUsageWriter.Write(json, scan.Usage);
        json.WriteEndObject();
        json.Flush();
    }

    private struct ChatScan
    {
        public int ModelStart;
        public int ModelLength;
        public int MessageStart;
        public int MessageLength;
        public string StopReason;
        public ChatUsageCounts Usage;
    }

    /// <summary>Where the model and the first choice's message are, the stop reason and the usage, in one pass.</summary>
    private static ChatScan Scan(ReadOnlySpan<byte> body)
    {
        var scan = new ChatScan { StopReason = MessagesStopReasons.EndTurn };
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The chat answer is not a JSON object.");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        scan.ModelStart = (int)reader.TokenStartIndex;
                        scan.ModelLength = (int)reader.BytesConsumed - scan.ModelStart;
                    }
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    ScanChoices(ref reader, ref scan);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    scan.Usage.Read(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The chat answer is not valid JSON.", ex);
        }
        return scan;
    }

    private static void ScanChoices(ref Utf8JsonReader reader, ref ChatScan scan)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        scan.MessageStart = (int)reader.TokenStartIndex;
                        reader.Skip();
                        scan.MessageLength = (int)reader.BytesConsumed - scan.MessageStart;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        scan.StopReason = MessagesStopReasons.FromFinishReason(reader.ValueSpan);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void WriteThinking(ReadOnlySpan<byte> message, Utf8JsonWriter json, JsonStringScratch scratch)
    {
        var thinking = FirstText(message, "reasoning_content"u8, "reasoning"u8, scratch);
        if (thinking.IsEmpty)
        {
            return;
        }
        json.WriteStartObject();
        json.WriteString("type"u8, "thinking"u8);
        json.WriteString("thinking"u8, thinking);
        json.WriteString("signature"u8, ""u8);
        json.WriteEndObject();
    }

    private static void WriteText(ReadOnlySpan<byte> message, Utf8JsonWriter json, JsonStringScratch scratch)
    {
        var text = FirstText(message, "content"u8, "content"u8, scratch);
        if (text.IsEmpty)
        {
            return;
        }
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, text);
        json.WriteEndObject();
    }

    /// <summary>The message's first non-empty string under <paramref name="name"/> or <paramref name="alias"/>, unescaped into the scratch; empty when there is none.</summary>
    private static ReadOnlySpan<byte> FirstText(ReadOnlySpan<byte> message, ReadOnlySpan<byte> name, ReadOnlySpan<byte> alias, JsonStringScratch scratch)
    {
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isText = reader.ValueTextEquals(name) || reader.ValueTextEquals(alias);
            reader.Read();
            if (isText && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
            {
                return scratch.Unescape(ref reader);
            }
            reader.Skip();
        }
        return default;
    }

    private static void WriteToolUses(ReadOnlySpan<byte> message, Utf8JsonWriter json, JsonStringScratch scratch)
    {
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCalls = reader.ValueTextEquals("tool_calls"u8);
            reader.Read();
            if (!isCalls || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                WriteToolUse(ChatToolCallDelta.Read(ref reader, scratch), json);
            }
        }
    }

    /// <summary>One tool call as a <c>tool_use</c> block.</summary>
    private static void WriteToolUse(in ChatToolCallDelta call, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "tool_use"u8);
        if (call.Id is not null)
        {
            json.WriteString("id"u8, call.Id);
        }
        if (call.Name is not null)
        {
            json.WriteString("name"u8, call.Name);
        }
        json.WritePropertyName("input"u8);
        if (IsJsonObject(call.Arguments))
        {
            json.WriteRawValue(call.Arguments, skipInputValidation: true);
        }
        else
        {
            // Anthropic's input is an object; arguments that are none (empty, cut off) are no input.
            json.WriteStartObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(text);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
