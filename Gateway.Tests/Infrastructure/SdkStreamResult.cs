namespace Gateway.Tests.Infrastructure;

/// <summary>What an OpenAI SDK stream delivered, gathered from its updates.</summary>
public sealed class SdkStreamResult
{
    public StringBuilder Text { get; } = new();

    public StringBuilder Arguments { get; } = new();

    public int ArgumentFragments { get; private set; }

    public string? ToolName { get; private set; }

    public string? ToolCallId { get; private set; }

    public ChatFinishReason? FinishReason { get; private set; }

    public ChatTokenUsage? Usage { get; private set; }

    public HashSet<string> CompletionIds { get; } = [];

    public static async Task<SdkStreamResult> CollectAsync(IAsyncEnumerable<StreamingChatCompletionUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var result = new SdkStreamResult();
        await result.ReadAsync(updates);
        return result;
    }

    /// <summary>Streams <paramref name="client"/>'s answer to the user's <paramref name="question"/>, offering it <paramref name="tools"/>.</summary>
    public static Task<SdkStreamResult> CollectWithToolsAsync(ChatClient client, string question, params ChatTool[] tools)
    {
        ArgumentNullException.ThrowIfNull(client);
        var options = new ChatCompletionOptions();
        foreach (var tool in tools)
        {
            options.Tools.Add(tool);
        }
        return CollectAsync(client.CompleteChatStreamingAsync([new UserChatMessage(question)], options));
    }

    /// <summary>Reads into this instance, so a test can inspect what arrived before the stream failed.</summary>
    public async Task ReadAsync(IAsyncEnumerable<StreamingChatCompletionUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await foreach (var update in updates)
        {
            if (!string.IsNullOrEmpty(update.CompletionId))
            {
                CompletionIds.Add(update.CompletionId);
            }
            foreach (var part in update.ContentUpdate)
            {
                Text.Append(part.Text);
            }
            foreach (var call in update.ToolCallUpdates)
            {
                ToolName ??= call.FunctionName;
                ToolCallId ??= call.ToolCallId;
                var fragment = call.FunctionArgumentsUpdate?.ToString();
                if (!string.IsNullOrEmpty(fragment))
                {
                    ArgumentFragments++;
                    Arguments.Append(fragment);
                }
            }
            FinishReason ??= update.FinishReason;
            Usage ??= update.Usage;
        }
    }
}
