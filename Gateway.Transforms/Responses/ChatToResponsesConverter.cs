namespace Gateway.Transforms.Responses;

/// <summary>
/// Turns a whole chat completion (as the provider's adapter wrote it) into a Responses API <c>response</c> object: the
/// assistant text as a <c>message</c> item, each tool call as a <c>function_call</c> item, <c>finish_reason: length</c> as
/// status <c>incomplete</c>, and the usage the adapter recorded.
/// </summary>
public static class ChatToResponsesConverter
{
    public static void Convert(ReadOnlySpan<byte> chatCompletion, ResponsesRequest request, ResponseContext context, ResponseOutcome outcome, bool stored, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        using var items = new ResponseOutputItems(context.ResponseId);
        string? incomplete = null;
        var reader = new Utf8JsonReader(chatCompletion, new JsonReaderOptions { MaxDepth = 256 });
        using (var document = JsonDocument.ParseValue(ref reader))
        {
            if (document.RootElement.TryGetProperty("choices"u8, out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                if (choice.TryGetProperty("finish_reason"u8, out var finish) && finish.ValueKind == JsonValueKind.String)
                {
                    incomplete = ResponsesIncompleteReasons.FromFinishReason(System.Text.Encoding.UTF8.GetBytes(finish.GetString()!));
                }
                if (choice.TryGetProperty("message"u8, out var message) && message.ValueKind == JsonValueKind.Object)
                {
                    AddMessage(items, message);
                }
            }
        }
        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        var head = new ResponseHead(context.ResponseId, context.Created, context.Model, incomplete is null ? "completed" : "incomplete", stored, incomplete);
        ResponseObjectWriter.Write(json, request, head, items, outcome.Usage);
    }

    private static void AddMessage(ResponseOutputItems items, JsonElement message)
    {
        if (message.TryGetProperty("content"u8, out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            items.StartMessage();
            items.Append(System.Text.Encoding.UTF8.GetBytes(text));
        }
        if (!message.TryGetProperty("tool_calls"u8, out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var call in calls.EnumerateArray())
        {
            if (!call.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var id = call.TryGetProperty("id"u8, out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : string.Empty;
            var name = function.TryGetProperty("name"u8, out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString()! : string.Empty;
            items.StartFunctionCall(id, name);
            if (function.TryGetProperty("arguments"u8, out var arguments) && arguments.ValueKind == JsonValueKind.String)
            {
                items.Append(System.Text.Encoding.UTF8.GetBytes(arguments.GetString()!));
            }
        }
    }
}
