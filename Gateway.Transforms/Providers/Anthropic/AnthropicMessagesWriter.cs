namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Writes <c>messages</c>: user and assistant turns as content-block arrays, <c>tool</c> messages as
/// <c>tool_result</c> blocks of a user turn. Consecutive messages of the same Anthropic role share one turn, since the
/// API wants alternating turns, and a turn is opened only once it has a block, so empty messages vanish.
/// </summary>
internal sealed class AnthropicMessagesWriter : IDisposable
{
    private readonly Utf8JsonWriter _json;
    private readonly JsonStringScratch _scratch = new();
    private Turn _open;

    public AnthropicMessagesWriter(Utf8JsonWriter json)
    {
        _json = json;
    }

    private enum Turn
    {
        None,
        User,
        Assistant,
    }

    public GatewayError? Write(JsonElement messages)
    {
        _json.WritePropertyName("messages"u8);
        _json.WriteStartArray();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.GetProperty("role"u8);
            GatewayError? error = null;
            if (role.ValueEquals("user"u8))
            {
                error = WriteContent(message, index, Turn.User);
            }
            else if (role.ValueEquals("assistant"u8))
            {
                error = WriteContent(message, index, Turn.Assistant) ?? WriteToolCalls(message, index);
            }
            else if (role.ValueEquals("tool"u8))
            {
                Open(Turn.User);
                AnthropicContentWriter.WriteToolResultBlock(_json, message);
            }
            else if (role.ValueEquals("function"u8))
            {
                error = GatewayError.InvalidRequest(
                    "Messages with role 'function' cannot be sent to Anthropic; use 'tool_calls' and 'tool' messages.", $"messages[{index}].role", "invalid_value");
            }
            if (error is not null)
            {
                return error;
            }
            index++;
        }
        Close();
        _json.WriteEndArray();
        return null;
    }

    public void Dispose() => _scratch.Dispose();

    private GatewayError? WriteContent(JsonElement message, int index, Turn turn)
    {
        if (!message.TryGetProperty("content"u8, out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteText(content, turn);
            return null;
        }

        var partIndex = 0;
        foreach (var part in content.EnumerateArray())
        {
            var type = part.GetProperty("type"u8);
            if (type.ValueEquals("text"u8))
            {
                WriteText(part.GetProperty("text"u8), turn);
            }
            else if (type.ValueEquals("refusal"u8) && part.TryGetProperty("refusal"u8, out var refusal) && refusal.ValueKind == JsonValueKind.String)
            {
                WriteText(refusal, turn);
            }
            else if (type.ValueEquals("image_url"u8))
            {
                Open(turn);
                var error = AnthropicContentWriter.WriteImageBlock(_json, part.GetProperty("image_url"u8).GetProperty("url"u8), _scratch, $"messages[{index}].content[{partIndex}].image_url.url");
                if (error is not null)
                {
                    return error;
                }
            }
            else if (!type.ValueEquals("refusal"u8))
            {
                return GatewayError.InvalidRequest(
                    $"Content parts of type '{type.GetString()}' cannot be sent to Anthropic.", $"messages[{index}].content[{partIndex}].type", "invalid_value");
            }
            partIndex++;
        }
        return null;
    }

    private GatewayError? WriteToolCalls(JsonElement message, int index)
    {
        if (!message.TryGetProperty("tool_calls"u8, out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var callIndex = 0;
        foreach (var call in calls.EnumerateArray())
        {
            Open(Turn.Assistant);
            var error = AnthropicContentWriter.WriteToolUseBlock(_json, call, $"messages[{index}].tool_calls[{callIndex}]");
            if (error is not null)
            {
                return error;
            }
            callIndex++;
        }
        return null;
    }

    private void WriteText(JsonElement text, Turn turn)
    {
        // Anthropic rejects empty text blocks.
        if (text.ValueEquals(""u8))
        {
            return;
        }
        Open(turn);
        AnthropicContentWriter.WriteTextBlock(_json, text);
    }

    private void Open(Turn turn)
    {
        if (_open == turn)
        {
            return;
        }
        Close();
        _json.WriteStartObject();
        _json.WriteString("role"u8, turn == Turn.User ? "user"u8 : "assistant"u8);
        _json.WritePropertyName("content"u8);
        _json.WriteStartArray();
        _open = turn;
    }

    private void Close()
    {
        if (_open == Turn.None)
        {
            return;
        }
        _json.WriteEndArray();
        _json.WriteEndObject();
        _open = Turn.None;
    }
}
