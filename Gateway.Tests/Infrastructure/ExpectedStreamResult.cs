namespace Gateway.Tests.Infrastructure;

/// <summary>What an adapter's recorded expected OpenAI stream (an SSE file or a JSON array of chunks) adds up to.</summary>
public sealed record ExpectedStreamResult(string Text, string Arguments, string? ToolName, string? FinishReason, int? TotalTokens)
{
    public static ExpectedStreamResult FromSse(string sse)
    {
        ArgumentNullException.ThrowIfNull(sse);
        var chunks = new List<JsonNode>();
        foreach (var line in sse.Split('\n'))
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                chunks.Add(JsonNode.Parse(line["data: ".Length..])!);
            }
        }
        return From(chunks);
    }

    public static ExpectedStreamResult FromJsonArray(string json)
    {
        var chunks = new List<JsonNode>();
        foreach (var node in JsonNode.Parse(json)!.AsArray())
        {
            if (node is JsonObject chunk)
            {
                chunks.Add(chunk);
            }
        }
        return From(chunks);
    }

    private static ExpectedStreamResult From(List<JsonNode> chunks)
    {
        var text = new StringBuilder();
        var arguments = new StringBuilder();
        string? name = null, finish = null;
        int? total = null;
        foreach (var chunk in chunks)
        {
            foreach (var choice in chunk["choices"]?.AsArray() ?? [])
            {
                var delta = choice!["delta"];
                text.Append(delta?["content"]?.GetValue<string>());
                foreach (var call in delta?["tool_calls"]?.AsArray() ?? [])
                {
                    name ??= call!["function"]?["name"]?.GetValue<string>();
                    arguments.Append(call!["function"]?["arguments"]?.GetValue<string>());
                }
                finish ??= choice["finish_reason"]?.GetValue<string>();
            }
            total ??= chunk["usage"]?["total_tokens"]?.GetValue<int>();
        }
        return new ExpectedStreamResult(text.ToString(), arguments.ToString(), name, finish, total);
    }
}
