using Anthropic;
using Anthropic.Models.Messages;

namespace Gateway.Tests.EndToEnd.Messages;

/// <summary>What an Anthropic SDK stream delivered, gathered from its events.</summary>
internal sealed class AnthropicStreamResult
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _toolInput = new();

    public string Text => _text.ToString();

    public string? Id { get; private set; }

    /// <summary>The stop reason of the last <c>message_delta</c>.</summary>
    public string? Stop { get; private set; }

    /// <summary>The output tokens of the last <c>message_delta</c>.</summary>
    public long OutputTokens { get; private set; }

    public string? ToolName { get; private set; }

    /// <summary>The tool input's <c>input_json_delta</c> fragments, joined.</summary>
    public string ToolInput => _toolInput.ToString();

    /// <summary>The events' types, in order.</summary>
    public List<string> Events { get; } = [];

    /// <summary>Streams <paramref name="request"/> through <paramref name="client"/> to the end.</summary>
    public static async Task<AnthropicStreamResult> CollectAsync(AnthropicClient client, MessageCreateParams request)
    {
        ArgumentNullException.ThrowIfNull(client);
        var result = new AnthropicStreamResult();
        await foreach (var ev in client.Messages.CreateStreaming(request))
        {
            if (ev.TryPickStart(out var start))
            {
                result.Events.Add("message_start");
                result.Id = start.Message.ID;
            }
            else if (ev.TryPickContentBlockStart(out var blockStart))
            {
                result.Events.Add("content_block_start");
                if (blockStart.ContentBlock.TryPickToolUse(out var toolUse))
                {
                    result.ToolName = toolUse.Name;
                }
            }
            else if (ev.TryPickContentBlockDelta(out var delta))
            {
                result.Events.Add("content_block_delta");
                if (delta.Delta.TryPickText(out var part))
                {
                    result._text.Append(part.Text);
                }
                else if (delta.Delta.TryPickInputJson(out var json))
                {
                    result._toolInput.Append(json.PartialJson);
                }
            }
            else if (ev.TryPickContentBlockStop(out _))
            {
                result.Events.Add("content_block_stop");
            }
            else if (ev.TryPickDelta(out var messageDelta))
            {
                result.Events.Add("message_delta");
                result.Stop = messageDelta.Delta.StopReason?.Raw();
                result.OutputTokens = messageDelta.Usage.OutputTokens;
            }
        }
        return result;
    }
}
