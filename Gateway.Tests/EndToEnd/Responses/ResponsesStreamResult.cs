using OpenAI.Responses;

#pragma warning disable OPENAI001 // the SDK's Responses client is marked for evaluation

namespace Gateway.Tests.EndToEnd.Responses;

/// <summary>What an OpenAI SDK Responses stream delivered, gathered from its updates.</summary>
internal sealed class ResponsesStreamResult
{
    private readonly StringBuilder _text = new();

    /// <summary>The output text deltas, joined.</summary>
    public string Text => _text.ToString();

    /// <summary>The updates' SDK type names, in order.</summary>
    public List<string> Kinds { get; } = [];

    /// <summary>The updates' sequence numbers, in order.</summary>
    public List<int> Sequence { get; } = [];

    /// <summary>The response of the <c>response.completed</c> event, if one came.</summary>
    public ResponseResult? Completed { get; private set; }

    /// <summary>Streams <paramref name="model"/>'s answer to <paramref name="prompt"/> through <paramref name="client"/> to the end.</summary>
    public static async Task<ResponsesStreamResult> CollectAsync(ResponsesClient client, string model, string prompt)
    {
        ArgumentNullException.ThrowIfNull(client);
        var result = new ResponsesStreamResult();
        var options = new CreateResponseOptions(model, [ResponseItem.CreateUserMessageItem(prompt)]) { StreamingEnabled = true };
        await foreach (var update in await client.CreateResponseStreamingAsync(options))
        {
            result.Kinds.Add(update.GetType().Name);
            result.Sequence.Add(update.SequenceNumber);
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                result._text.Append(delta.Delta);
            }
            else if (update is StreamingResponseCompletedUpdate done)
            {
                result.Completed = done.Response;
            }
        }
        return result;
    }
}
