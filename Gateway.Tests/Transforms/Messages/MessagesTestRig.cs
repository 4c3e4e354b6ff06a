namespace Gateway.Tests.Transforms.Messages;

/// <summary>Shared pieces of the Messages door's converter tests.</summary>
internal static class MessagesTestRig
{
    public const string ResponseId = "gen-1700000000-abcdefghijABCDEFGHIJ";

    public static ResponseContext Context() => new()
    {
        ResponseId = ResponseId,
        Created = 1_700_000_000,
        ProviderId = "prov",
        Model = "served-model",
        IncludeUsage = true,
    };

    /// <summary>Runs the transcoder over <paramref name="input"/>, split in two at <paramref name="split"/> (not at all when negative).</summary>
    public static byte[] Run(IStreamTranscoder transcoder, byte[] input, int split = -1) => TranscoderRun.Feed(transcoder, input, split);

    public static byte[] FixtureBytes(params string[] path) => Fixture.Bytes(path);

    /// <summary>The event names of an SSE text, in order.</summary>
    public static List<string> EventNames(string sse)
    {
        var names = new List<string>();
        foreach (var line in sse.Split('\n'))
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                names.Add(line["event: ".Length..]);
            }
        }
        return names;
    }

    /// <summary>The data of each event of an SSE text, in order.</summary>
    public static List<System.Text.Json.Nodes.JsonNode> EventData(string sse)
    {
        var data = new List<System.Text.Json.Nodes.JsonNode>();
        foreach (var line in sse.Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(System.Text.Json.Nodes.JsonNode.Parse(line["data: ".Length..])!);
            }
        }
        return data;
    }

    public static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);
}
