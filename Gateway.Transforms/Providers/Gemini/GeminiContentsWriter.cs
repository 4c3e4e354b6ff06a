namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Writes <c>contents</c> from OpenAI's messages: user -> <c>user</c>, assistant -> <c>model</c> (text and
/// <c>functionCall</c> parts), tool results -> <c>functionResponse</c> parts in a <c>user</c> turn. Consecutive
/// messages of one Gemini role share a turn; system and developer messages go to <c>systemInstruction</c> instead.
/// </summary>
internal sealed class GeminiContentsWriter : IDisposable
{
    /// <summary>
    /// Gemini 3 rejects a replayed function call without the thought signature it came with, and OpenAI clients
    /// cannot carry signatures back. Google documents this value for function calls whose signature is unknown.
    /// </summary>
    internal const string UnknownThoughtSignature = "skip_thought_signature_validator";

    private readonly Utf8JsonWriter _json;
    private readonly GeminiStringDecoder _strings;
    private readonly GeminiTurnWriter _turns;
    private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
    private PooledByteBufferWriter? _joined;

    public GeminiContentsWriter(Utf8JsonWriter json, GeminiStringDecoder strings)
    {
        _json = json;
        _strings = strings;
        _turns = new GeminiTurnWriter(json);
    }

    public GatewayError? Write(JsonElement messages)
    {
        _json.WritePropertyName("contents"u8);
        _json.WriteStartArray();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var error = WriteMessage(message, $"messages[{index}]");
            if (error is not null)
            {
                return error;
            }
            index++;
        }
        _turns.Close();
        _json.WriteEndArray();
        return _turns.TurnCount > 0
            ? null
            : GatewayError.InvalidRequest("Gemini needs at least one user or assistant message with content.", "messages", "invalid_value");
    }

    public void Dispose() => _joined?.Dispose();

    private GatewayError? WriteMessage(JsonElement message, string path)
    {
        var role = message.GetProperty("role"u8);
        if (role.ValueEquals("user"u8))
        {
            return WriteUserContent(message.GetProperty("content"u8), path);
        }
        if (role.ValueEquals("assistant"u8))
        {
            return WriteAssistant(message, path);
        }
        if (role.ValueEquals("tool"u8))
        {
            return WriteToolResult(message, path);
        }
        if (role.ValueEquals("function"u8))
        {
            return WriteLegacyFunctionResult(message, path);
        }
        return null;
    }

    private GatewayError? WriteUserContent(JsonElement content, string path)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteText(content, model: false);
            return null;
        }
        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{i}]";
            var type = part.GetProperty("type"u8);
            GatewayError? error = null;
            if (type.ValueEquals("text"u8))
            {
                WriteText(part.GetProperty("text"u8), model: false);
            }
            else if (type.ValueEquals("image_url"u8))
            {
                error = GeminiMediaPartWriter.WriteImage(_json, _turns, part.GetProperty("image_url"u8), partPath, _strings);
            }
            else if (type.ValueEquals("input_audio"u8))
            {
                error = GeminiMediaPartWriter.WriteAudio(_json, _turns, part, partPath);
            }
            else if (type.ValueEquals("file"u8))
            {
                error = GeminiMediaPartWriter.WriteFile(_json, _turns, part, partPath, _strings);
            }
            if (error is not null)
            {
                return error;
            }
            i++;
        }
        return null;
    }

    private GatewayError? WriteAssistant(JsonElement message, string path)
    {
        if (message.TryGetProperty("content"u8, out var content))
        {
            if (content.ValueKind == JsonValueKind.String)
            {
                WriteText(content, model: true);
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in content.EnumerateArray())
                {
                    // A refusal is the assistant's own words; it stays in the history as text.
                    if ((part.TryGetProperty("text"u8, out var text) || part.TryGetProperty("refusal"u8, out text)) && text.ValueKind == JsonValueKind.String)
                    {
                        WriteText(text, model: true);
                    }
                }
            }
        }

        if (!message.TryGetProperty("tool_calls"u8, out var toolCalls) || toolCalls.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var i = 0;
        foreach (var call in toolCalls.EnumerateArray())
        {
            var error = WriteFunctionCall(call, $"{path}.tool_calls[{i}]", first: i == 0);
            if (error is not null)
            {
                return error;
            }
            i++;
        }
        return null;
    }

    private GatewayError? WriteFunctionCall(JsonElement call, string path, bool first)
    {
        var function = call.GetProperty("function"u8);
        var name = function.GetProperty("name"u8);
        _toolNames[call.GetProperty("id"u8).GetString()!] = name.GetString()!;

        ReadOnlySpan<byte> arguments = "{}"u8;
        if (function.TryGetProperty("arguments"u8, out var argumentsElement) && argumentsElement.ValueKind == JsonValueKind.String)
        {
            var text = _strings.Utf8(argumentsElement).Trim(" \t\r\n"u8);
            if (!text.IsEmpty)
            {
                if (!JsonObjectText.IsObject(text, maxDepth: 256))
                {
                    return GatewayError.InvalidRequest(
                        "Gemini needs tool call arguments to be a JSON object.", $"{path}.function.arguments", "invalid_value");
                }
                arguments = text;
            }
        }

        _turns.StartPart(model: true);
        _json.WriteStartObject();
        _json.WritePropertyName("functionCall"u8);
        _json.WriteStartObject();
        _json.WritePropertyName("name"u8);
        _json.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(name), skipInputValidation: true);
        _json.WritePropertyName("args"u8);
        _json.WriteRawValue(arguments, skipInputValidation: true);
        _json.WriteEndObject();
        if (first)
        {
            // Only the first function call of a step carries a signature (parallel calls share it).
            _json.WriteString("thoughtSignature"u8, UnknownThoughtSignature);
        }
        _json.WriteEndObject();
        return null;
    }

    private GatewayError? WriteToolResult(JsonElement message, string path)
    {
        var id = message.GetProperty("tool_call_id"u8).GetString()!;
        if (!_toolNames.TryGetValue(id, out var name))
        {
            // Some clients name the function on the tool message; without either, Gemini cannot match the result.
            if (!message.TryGetProperty("name"u8, out var named) || named.ValueKind != JsonValueKind.String || named.GetString() is not { Length: > 0 } fallback)
            {
                return GatewayError.InvalidRequest(
                    $"No earlier assistant tool call has the id '{id}'; Gemini needs the function name for every tool result.",
                    $"{path}.tool_call_id", "invalid_value");
            }
            name = fallback;
        }
        WriteFunctionResponse(name, message.GetProperty("content"u8));
        return null;
    }

    private GatewayError? WriteLegacyFunctionResult(JsonElement message, string path)
    {
        if (!message.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } functionName)
        {
            return GatewayError.InvalidRequest($"Missing required parameter: '{path}.name'.", $"{path}.name", "missing_required_parameter");
        }
        if (!message.TryGetProperty("content"u8, out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return GatewayError.InvalidRequest($"Missing required parameter: '{path}.content'.", $"{path}.content", "missing_required_parameter");
        }
        WriteFunctionResponse(functionName, content);
        return null;
    }

    /// <summary>
    /// <c>functionResponse.response</c> must be an object: a result that is a JSON object is sent as is,
    /// anything else is wrapped as <c>{"content": "…"}</c>.
    /// </summary>
    private void WriteFunctionResponse(string name, JsonElement content)
    {
        ReadOnlySpan<byte> result;
        if (content.ValueKind == JsonValueKind.String)
        {
            result = _strings.Utf8(content);
        }
        else
        {
            _joined ??= new PooledByteBufferWriter(1024);
            _joined.Reset();
            foreach (var part in content.EnumerateArray())
            {
                if (part.TryGetProperty("text"u8, out var text) && text.ValueKind == JsonValueKind.String)
                {
                    _joined.Write(_strings.Utf8(text));
                }
            }
            result = _joined.WrittenSpan;
        }

        _turns.StartPart(model: false);
        _json.WriteStartObject();
        _json.WritePropertyName("functionResponse"u8);
        _json.WriteStartObject();
        _json.WriteString("name"u8, name);
        _json.WritePropertyName("response"u8);
        if (JsonObjectText.IsObject(result, maxDepth: 256))
        {
            _json.WriteRawValue(result, skipInputValidation: true);
        }
        else
        {
            _json.WriteStartObject();
            _json.WriteString("content"u8, result);
            _json.WriteEndObject();
        }
        _json.WriteEndObject();
        _json.WriteEndObject();
    }

    private void WriteText(JsonElement text, bool model)
    {
        var value = _strings.Utf8(text);
        if (value.IsEmpty)
        {
            // Gemini rejects empty text parts.
            return;
        }
        _turns.StartPart(model);
        _json.WriteStartObject();
        _json.WriteString("text"u8, value);
        _json.WriteEndObject();
    }
}
