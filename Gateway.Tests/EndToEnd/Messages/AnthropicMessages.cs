using Anthropic.Models.Messages;

namespace Gateway.Tests.EndToEnd.Messages;

/// <summary>Requests and checks the Messages tests share, whichever provider serves the model.</summary>
internal static class AnthropicMessages
{
    /// <summary>A weather tool named <paramref name="name"/> that takes a required string <c>location</c>.</summary>
    public static Tool WeatherTool(string name) => new()
    {
        Name = name,
        Description = "Weather",
        InputSchema = new InputSchema { Properties = new Dictionary<string, JsonElement> { ["location"] = JsonSerializer.SerializeToElement(new { type = "string" }) }, Required = ["location"] },
    };

    /// <summary>A request of one user turn made of <paramref name="blocks"/> (images and text, say).</summary>
    public static MessageCreateParams UserTurn(string model, long maxTokens, params ContentBlockParam[] blocks) => new()
    {
        MaxTokens = maxTokens,
        Model = model,
        Messages = [new UserMessageParam(new List<ContentBlockParam>(blocks))],
    };

    /// <summary>The second turn of a tool round trip: the question, the tool use as the SDK returned it, and the tool's result.</summary>
    public static MessageCreateParams ToolResultTurn(string model, long maxTokens, Tool tool, string question, ToolUseBlock call, string result)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new MessageCreateParams
        {
            MaxTokens = maxTokens,
            Model = model,
            Tools = [tool],
            Messages =
            [
                new UserMessageParam(question),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = call.ID, Name = call.Name, Input = call.Input } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(call.ID) { Content = result } }),
            ],
        };
    }

    /// <summary>The answer says <paramref name="text"/> and ended its turn, under a <c>gen-</c> id, with the given token counts.</summary>
    public static void AssertAnswered(Message message, string text, long inputTokens, long outputTokens)
    {
        ArgumentNullException.ThrowIfNull(message);
        Assert.Multiple(() =>
        {
            Assert.That(message.ID, Does.StartWith("gen-"));
            Assert.That(message.Content[0].TryPickText(out var block) ? block.Text : null, Is.EqualTo(text));
            Assert.That(message.StopReason!.Raw(), Is.EqualTo("end_turn"));
            Assert.That(message.Usage.InputTokens, Is.EqualTo(inputTokens));
            Assert.That(message.Usage.OutputTokens, Is.EqualTo(outputTokens));
        });
    }
}
