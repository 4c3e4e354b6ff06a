namespace Gateway.Tests.Infrastructure;

/// <summary>Recorded wire data under Fixtures/.</summary>
public static class Fixture
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([TestContext.CurrentContext.TestDirectory, "Fixtures", .. parts]);

    public static string Text(params string[] parts) => File.ReadAllText(Path(parts));

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path(parts));

    /// <summary>The answer text (the first choice's message content) of a recorded OpenAI chat completion.</summary>
    public static string AnswerText(params string[] parts) =>
        JsonNode.Parse(Text(parts))!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
}
