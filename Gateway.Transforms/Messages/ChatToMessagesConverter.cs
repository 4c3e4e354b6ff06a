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
        MessagesUsageWriter.Write(json, scan.PromptTokens, scan.CompletionTokens, scan.CachedTokens, scan.CacheWriteTokens);
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
        public int PromptTokens;
        public int CompletionTokens;
        public int CachedTokens;
        public int CacheWriteTokens;
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
                    ScanUsage(ref reader, ref scan);
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

    private static void ScanUsage(ref Utf8JsonReader reader, ref ChatScan scan)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                scan.PromptTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                scan.CompletionTokens = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("cached_tokens"u8))
                    {
                        scan.CachedTokens = ReadInt(ref reader);
                    }
                    else if (reader.ValueTextEquals("cache_write_tokens"u8))
                    {
                        scan.CacheWriteTokens = ReadInt(ref reader);
                    }
                    else
                    {
                        reader.Read();
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

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }
        reader.Skip();
        return 0;
    }

    private static void WriteThinking(ReadOnlySpan<byte> message, Utf8JsonWriter json, JsonStringScratch scratch)
    {
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isReasoning = reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8);
            reader.Read();
            if (isReasoning && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
            {
                json.WriteStartObject();
                json.WriteString("type"u8, "thinking"u8);
                json.WriteString("thinking"u8, scratch.Unescape(ref reader));
                json.WriteString("signature"u8, ""u8);
                json.WriteEndObject();
                return;
            }
            reader.Skip();
        }
    }

    private static void WriteText(ReadOnlySpan<byte> message, Utf8JsonWriter json, JsonStringScratch scratch)
    {
        var reader = new Utf8JsonReader(message);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (isContent && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
            {
                json.WriteStartObject();
                json.WriteString("type"u8, "text"u8);
                json.WriteString("text"u8, scratch.Unescape(ref reader));
                json.WriteEndObject();
                return;
            }
            reader.Skip();
        }
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
                WriteToolUse(ref reader, json, scratch);
            }
        }
    }

    /// <summary>One tool call (the reader on its StartObject, left on its EndObject) as a <c>tool_use</c> block.</summary>
    private static void WriteToolUse(ref Utf8JsonReader reader, Utf8JsonWriter json, JsonStringScratch scratch)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "tool_use"u8);
        var wroteInput = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    json.WriteString("id"u8, scratch.Unescape(ref reader));
                }
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("name"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            json.WriteString("name"u8, scratch.Unescape(ref reader));
                        }
                    }
                    else if (reader.ValueTextEquals("arguments"u8))
                    {
                        reader.Read();
                        json.WritePropertyName("input"u8);
                        var arguments = reader.TokenType == JsonTokenType.String ? scratch.Unescape(ref reader) : default;
                        if (IsJsonObject(arguments))
                        {
                            json.WriteRawValue(arguments, skipInputValidation: true);
                        }
                        else
                        {
                            // Anthropic's input is an object; arguments that are none (empty, cut off) are no input.
                            json.WriteStartObject();
                            json.WriteEndObject();
                        }
                        wroteInput = true;
                    }
                    else
                    {
                        reader.Read();
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
        if (!wroteInput)
        {
            json.WritePropertyName("input"u8);
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
