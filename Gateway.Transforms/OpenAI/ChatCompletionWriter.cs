namespace Gateway.Transforms.OpenAI;

/// <summary>
/// The frame of a whole OpenAI <c>chat.completion</c> as every provider's converter writes it: the answer's head (id,
/// object, created, model, provider), each choice's head (index, the assistant's message) and end (logprobs, finish
/// reason), reasoning under both names clients look for, and the tail with the usage. What a message holds is the
/// converter's.
/// </summary>
internal static class ChatCompletionWriter
{
    /// <summary>Opens the answer and its <c>choices</c> array.</summary>
    public static void WriteStart(Utf8JsonWriter json, ResponseContext context, string model)
    {
        json.WriteStartObject();
        json.WriteString("id"u8, context.ResponseId);
        json.WriteString("object"u8, "chat.completion"u8);
        json.WriteNumber("created"u8, context.Created);
        json.WriteString("model"u8, model);
        json.WriteString("provider"u8, context.ProviderId);
        json.WritePropertyName("choices"u8);
        json.WriteStartArray();
    }

    /// <summary>Opens choice <paramref name="index"/> and its message, the assistant's.</summary>
    public static void WriteChoiceStart(Utf8JsonWriter json, int index)
    {
        json.WriteStartObject();
        json.WriteNumber("index"u8, index);
        json.WritePropertyName("message"u8);
        json.WriteStartObject();
        json.WriteString("role"u8, "assistant"u8);
    }

    /// <summary>Writes the message's reasoning, when there is any, as <c>reasoning_content</c> and <c>reasoning</c>.</summary>
    public static void WriteReasoning(Utf8JsonWriter json, ReadOnlySpan<byte> reasoning)
    {
        if (reasoning.IsEmpty)
        {
            return;
        }
        json.WriteString("reasoning_content"u8, reasoning);
        json.WriteString("reasoning"u8, reasoning);
    }

    /// <summary>Closes the message and its choice, which finished for <paramref name="finishReason"/>.</summary>
    public static void WriteChoiceEnd(Utf8JsonWriter json, string finishReason)
    {
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, finishReason);
        json.WriteEndObject();
    }

    /// <summary>Closes the <c>choices</c> array and the answer, with the usage when the provider reported it.</summary>
    public static void WriteEnd(Utf8JsonWriter json, TokenUsage? usage)
    {
        json.WriteEndArray();
        if (usage is { } reported)
        {
            UsageJsonWriter.Write(json, reported);
        }
        json.WriteEndObject();
    }
}
