using Gateway.Transforms.Validation;

namespace Gateway.Transforms.Responses;

/// <summary>
/// Writes the chat completions request a Responses API request means, for providers that do not speak the Responses API
/// (the chat adapters then write each provider's own format): <c>instructions</c> becomes the system message; <c>input</c>
/// (a string, or items: messages with <c>input_text</c>/<c>input_image</c> parts, <c>function_call</c> and
/// <c>function_call_output</c>) becomes the messages, consecutive calls joined into one assistant turn; function
/// <c>tools</c>, <c>tool_choice</c>, <c>text.format</c> (<c>response_format</c>), <c>reasoning.effort</c>,
/// <c>max_output_tokens</c>, <c>temperature</c> and <c>top_p</c> map one to one. Built-in tools and items only OpenAI can
/// resolve (file ids, item references) are refused with a 400 naming them.
/// </summary>
internal static class ResponsesChatTranslator
{
    /// <summary>Writes the chat body; a client error (naming the field) when the request cannot be expressed as chat.</summary>
    public static GatewayError? Write(ResponsesRequest request, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = request.Root;
        if (request.BuiltInTool is { } tool)
        {
            return new GatewayError(400, GatewayErrorTypes.InvalidRequest,
                $"The tool '{tool.Type}' (tools[{tool.Index}]) is served only by providers with OpenAI's Responses API (kinds openai and azure); this model's providers would need the request translated to chat completions, which has no such tool.",
                "tool_not_supported", $"tools[{tool.Index}]");
        }
        using var prior = request.PriorItems is { } items ? JsonDocument.Parse(items) : null;
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        json.WriteStartObject();
        json.WriteString("model"u8, request.Model);
        json.WritePropertyName("messages"u8);
        json.WriteStartArray();
        if (root.TryGetProperty("instructions"u8, out var instructions) && instructions.ValueKind == JsonValueKind.String)
        {
            json.WriteStartObject();
            json.WriteString("role"u8, "system"u8);
            json.WritePropertyName("content"u8);
            instructions.WriteTo(json);
            json.WriteEndObject();
        }
        var turn = new AssistantTurn();
        if (prior is not null)
        {
            var error = WriteItems(json, prior.RootElement, "previous_response_id", ref turn);
            if (error is not null)
            {
                return error;
            }
        }
        var input = root.GetProperty("input"u8);
        if (input.ValueKind == JsonValueKind.String)
        {
            turn.Flush(json);
            ResponsesInputItems.WriteUserMessage(json, input);
        }
        else
        {
            var error = WriteItems(json, input, "input", ref turn);
            if (error is not null)
            {
                return error;
            }
        }
        turn.Flush(json);
        json.WriteEndArray();
        var scalarsError = WriteScalars(json, root, request.Stream);
        if (scalarsError is not null)
        {
            return scalarsError;
        }
        json.WriteEndObject();
        json.Flush();
        return null;
    }

    private static GatewayError? WriteItems(Utf8JsonWriter json, JsonElement items, string path, ref AssistantTurn turn)
    {
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemPath = $"{path}[{index}]";
            var type = item.TryGetProperty("type"u8, out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement : default;
            GatewayError? error;
            if (type.ValueKind == JsonValueKind.Undefined || type.ValueEquals("message"u8))
            {
                error = WriteMessage(json, item, itemPath, ref turn);
            }
            else if (type.ValueEquals("function_call"u8))
            {
                error = Require(item, "call_id"u8, itemPath, "call_id") ?? Require(item, "name"u8, itemPath, "name");
                if (error is null)
                {
                    turn.Calls.Add(item);
                }
            }
            else if (type.ValueEquals("function_call_output"u8))
            {
                error = Require(item, "call_id"u8, itemPath, "call_id") ?? WriteToolResult(json, item, itemPath, ref turn);
            }
            else if (type.ValueEquals("reasoning"u8))
            {
                // A reasoning item is OpenAI's (often encrypted) state; a chat provider has nothing to take it as.
                error = null;
            }
            else
            {
                error = GatewayError.InvalidRequest(
                    $"Input items of type '{type.GetString()}' are understood only by providers with OpenAI's Responses API (kinds openai and azure).",
                    $"{itemPath}.type", "invalid_value");
            }
            if (error is not null)
            {
                return error;
            }
            index++;
        }
        return null;
    }

    private static GatewayError? WriteMessage(Utf8JsonWriter json, JsonElement item, string path, ref AssistantTurn turn)
    {
        if (!item.TryGetProperty("role"u8, out var role) || role.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest($"Missing required parameter: '{path}.role'.", $"{path}.role", "missing_required_parameter");
        }
        if (!item.TryGetProperty("content"u8, out var content) || content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return FieldChecks.InvalidType($"{path}.content", "a string or an array of content parts");
        }
        if (role.ValueEquals("assistant"u8))
        {
            turn.Flush(json);
            var text = AssistantText(content, path, out var error);
            if (error is not null)
            {
                return error;
            }
            turn.Text = text;
            turn.Open = true;
            return null;
        }
        if (!(role.ValueEquals("user"u8) || role.ValueEquals("system"u8) || role.ValueEquals("developer"u8)))
        {
            return GatewayError.InvalidRequest(
                $"Invalid value: '{role.GetString()}'. Supported values are: 'user', 'assistant', 'system' and 'developer'.", $"{path}.role", "invalid_value");
        }
        turn.Flush(json);
        json.WriteStartObject();
        json.WritePropertyName("role"u8);
        role.WriteTo(json);
        json.WritePropertyName("content"u8);
        if (content.ValueKind == JsonValueKind.String)
        {
            content.WriteTo(json);
            json.WriteEndObject();
            return null;
        }
        json.WriteStartArray();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var error = WriteInputPart(json, part, $"{path}.content[{index}]");
            if (error is not null)
            {
                return error;
            }
            index++;
        }
        json.WriteEndArray();
        json.WriteEndObject();
        return null;
    }

    private static GatewayError? WriteInputPart(Utf8JsonWriter json, JsonElement part, string path)
    {
        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return GatewayError.InvalidRequest($"Missing required parameter: '{path}.type'.", $"{path}.type", "missing_required_parameter");
        }
        if (type.ValueEquals("input_text"u8) || type.ValueEquals("output_text"u8) || type.ValueEquals("text"u8))
        {
            if (!part.TryGetProperty("text"u8, out var text) || text.ValueKind != JsonValueKind.String)
            {
                return GatewayError.InvalidRequest($"Missing required parameter: '{path}.text'.", $"{path}.text", "missing_required_parameter");
            }
            json.WriteStartObject();
            json.WriteString("type"u8, "text"u8);
            json.WritePropertyName("text"u8);
            text.WriteTo(json);
            json.WriteEndObject();
            return null;
        }
        if (type.ValueEquals("input_image"u8))
        {
            if (!part.TryGetProperty("image_url"u8, out var url) || url.ValueKind != JsonValueKind.String)
            {
                return GatewayError.InvalidRequest(
                    $"'{path}' has no image_url: images by file id are understood only by providers with OpenAI's Responses API (kinds openai and azure).",
                    $"{path}.image_url", "invalid_value");
            }
            json.WriteStartObject();
            json.WriteString("type"u8, "image_url"u8);
            json.WritePropertyName("image_url"u8);
            json.WriteStartObject();
            json.WritePropertyName("url"u8);
            url.WriteTo(json);
            if (part.TryGetProperty("detail"u8, out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                json.WritePropertyName("detail"u8);
                detail.WriteTo(json);
            }
            json.WriteEndObject();
            json.WriteEndObject();
            return null;
        }
        return GatewayError.InvalidRequest(
            $"Content parts of type '{type.GetString()}' are understood only by providers with OpenAI's Responses API (kinds openai and azure).",
            $"{path}.type", "invalid_value");
    }

    private static string? AssistantText(JsonElement content, string path, out GatewayError? error)
    {
        error = null;
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }
        StringBuilder? joined = null;
        string? single = null;
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            string? text = null;
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String)
            {
                if ((type.ValueEquals("output_text"u8) || type.ValueEquals("input_text"u8) || type.ValueEquals("text"u8))
                    && part.TryGetProperty("text"u8, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    text = value.GetString();
                }
                else if (type.ValueEquals("refusal"u8) && part.TryGetProperty("refusal"u8, out var refusal) && refusal.ValueKind == JsonValueKind.String)
                {
                    text = refusal.GetString();
                }
            }
            if (text is null)
            {
                error = GatewayError.InvalidRequest($"'{path}.content[{index}]' must be an output_text or refusal part.", $"{path}.content[{index}]", "invalid_value");
                return null;
            }
            if (single is null && joined is null)
            {
                single = text;
            }
            else
            {
                joined ??= new StringBuilder(single);
                joined.Append(text);
            }
            index++;
        }
        return joined?.ToString() ?? single ?? string.Empty;
    }

    private static GatewayError? WriteToolResult(Utf8JsonWriter json, JsonElement item, string path, ref AssistantTurn turn)
    {
        if (!item.TryGetProperty("output"u8, out var output) || output.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return FieldChecks.InvalidType($"{path}.output", "a string or an array of content parts");
        }
        turn.Flush(json);
        json.WriteStartObject();
        json.WriteString("role"u8, "tool"u8);
        json.WritePropertyName("tool_call_id"u8);
        item.GetProperty("call_id"u8).WriteTo(json);
        json.WritePropertyName("content"u8);
        if (output.ValueKind == JsonValueKind.String)
        {
            output.WriteTo(json);
        }
        else
        {
            var text = AssistantText(output, $"{path}.output", out var error);
            if (error is not null)
            {
                return error;
            }
            json.WriteStringValue(text);
        }
        json.WriteEndObject();
        return null;
    }

    private static GatewayError? WriteScalars(Utf8JsonWriter json, JsonElement root, bool stream)
    {
        if (stream)
        {
            json.WriteBoolean("stream"u8, true);
            // The Responses stream ends with the usage in response.completed, so it is always asked for.
            json.WritePropertyName("stream_options"u8);
            json.WriteStartObject();
            json.WriteBoolean("include_usage"u8, true);
            json.WriteEndObject();
        }
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            if (property.NameEquals("max_output_tokens"u8))
            {
                json.WritePropertyName("max_completion_tokens"u8);
                value.WriteTo(json);
            }
            else if (property.NameEquals("temperature"u8) || property.NameEquals("top_p"u8) || property.NameEquals("parallel_tool_calls"u8)
                || property.NameEquals("user"u8) || property.NameEquals("safety_identifier"u8) || property.NameEquals("prompt_cache_key"u8)
                || property.NameEquals("top_logprobs"u8) || property.NameEquals("models"u8) || property.NameEquals("provider"u8))
            {
                property.WriteTo(json);
            }
            else if (property.NameEquals("reasoning"u8))
            {
                if (value.TryGetProperty("effort"u8, out var effort) && effort.ValueKind == JsonValueKind.String)
                {
                    json.WritePropertyName("reasoning_effort"u8);
                    effort.WriteTo(json);
                }
            }
            else if (property.NameEquals("text"u8))
            {
                WriteTextOptions(json, value);
            }
            else if (property.NameEquals("tools"u8))
            {
                WriteTools(json, value);
            }
            else if (property.NameEquals("tool_choice"u8))
            {
                var error = WriteToolChoice(json, value);
                if (error is not null)
                {
                    return error;
                }
            }
        }
        return null;
    }

    private static void WriteTextOptions(Utf8JsonWriter json, JsonElement text)
    {
        if (text.TryGetProperty("verbosity"u8, out var verbosity) && verbosity.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("verbosity"u8);
            verbosity.WriteTo(json);
        }
        if (!text.TryGetProperty("format"u8, out var format) || format.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var type = format.GetProperty("type"u8);
        if (type.ValueEquals("json_object"u8))
        {
            json.WritePropertyName("response_format"u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "json_object"u8);
            json.WriteEndObject();
        }
        else if (type.ValueEquals("json_schema"u8))
        {
            json.WritePropertyName("response_format"u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "json_schema"u8);
            json.WritePropertyName("json_schema"u8);
            json.WriteStartObject();
            foreach (var field in format.EnumerateObject())
            {
                if (field.NameEquals("name"u8) || field.NameEquals("schema"u8) || field.NameEquals("strict"u8) || field.NameEquals("description"u8))
                {
                    field.WriteTo(json);
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }

    private static void WriteTools(Utf8JsonWriter json, JsonElement tools)
    {
        json.WritePropertyName("tools"u8);
        json.WriteStartArray();
        foreach (var tool in tools.EnumerateArray())
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "function"u8);
            json.WritePropertyName("function"u8);
            json.WriteStartObject();
            var hasParameters = false;
            foreach (var field in tool.EnumerateObject())
            {
                if (field.NameEquals("name"u8) || field.NameEquals("description"u8) || (field.NameEquals("strict"u8) && field.Value.ValueKind != JsonValueKind.Null))
                {
                    field.WriteTo(json);
                }
                else if (field.NameEquals("parameters"u8) && field.Value.ValueKind == JsonValueKind.Object)
                {
                    field.WriteTo(json);
                    hasParameters = true;
                }
            }
            if (!hasParameters)
            {
                json.WritePropertyName("parameters"u8);
                ChatFunctionFields.WriteEmptyParameters(json);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static GatewayError? WriteToolChoice(Utf8JsonWriter json, JsonElement choice)
    {
        if (choice.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("tool_choice"u8);
            choice.WriteTo(json);
            return null;
        }
        var type = choice.GetProperty("type"u8);
        if (type.ValueEquals("function"u8) && choice.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String)
        {
            json.WritePropertyName("tool_choice"u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "function"u8);
            json.WritePropertyName("function"u8);
            json.WriteStartObject();
            json.WritePropertyName("name"u8);
            name.WriteTo(json);
            json.WriteEndObject();
            json.WriteEndObject();
            return null;
        }
        return GatewayError.InvalidRequest(
            $"A tool_choice of type '{type.GetString()}' is understood only by providers with OpenAI's Responses API (kinds openai and azure).",
            "tool_choice", "invalid_value");
    }

    private static GatewayError? Require(JsonElement item, ReadOnlySpan<byte> name, string path, string field) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? null
            : GatewayError.InvalidRequest($"Missing required parameter: '{path}.{field}'.", $"{path}.{field}", "missing_required_parameter");

    /// <summary>An assistant turn being gathered: its text and the function calls that follow it, written as one chat message.</summary>
    private struct AssistantTurn
    {
        public AssistantTurn()
        {
        }

        public bool Open;
        public string? Text;
        public List<JsonElement> Calls = [];

        public void Flush(Utf8JsonWriter json)
        {
            if (!Open && Calls.Count == 0)
            {
                return;
            }
            json.WriteStartObject();
            json.WriteString("role"u8, "assistant"u8);
            if (Text is { Length: > 0 } || Calls.Count == 0)
            {
                json.WriteString("content"u8, Text ?? string.Empty);
            }
            else
            {
                json.WriteNull("content"u8);
            }
            if (Calls.Count > 0)
            {
                json.WritePropertyName("tool_calls"u8);
                json.WriteStartArray();
                foreach (var call in Calls)
                {
                    json.WriteStartObject();
                    json.WritePropertyName("id"u8);
                    call.GetProperty("call_id"u8).WriteTo(json);
                    json.WriteString("type"u8, "function"u8);
                    json.WritePropertyName("function"u8);
                    json.WriteStartObject();
                    json.WritePropertyName("name"u8);
                    call.GetProperty("name"u8).WriteTo(json);
                    if (call.TryGetProperty("arguments"u8, out var arguments) && arguments.ValueKind == JsonValueKind.String)
                    {
                        json.WritePropertyName("arguments"u8);
                        arguments.WriteTo(json);
                    }
                    else
                    {
                        json.WriteString("arguments"u8, "{}"u8);
                    }
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            Open = false;
            Text = null;
            Calls.Clear();
        }
    }
}
