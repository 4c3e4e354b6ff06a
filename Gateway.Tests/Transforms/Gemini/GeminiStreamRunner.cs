namespace Gateway.Tests.Transforms.Gemini;

/// <summary>Feeds provider bytes to a fresh Gemini transcoder and returns its output.</summary>
internal static class GeminiStreamRunner
{
    public static IStreamTranscoder Create(ResponseOutcome outcome, bool includeUsage = true) =>
        GeminiFixtures.Rig.Adapter.CreateStreamTranscoder(GeminiFixtures.Context(includeUsage), outcome);

    public static string Run(byte[] upstream, ResponseOutcome outcome, bool includeUsage = true) =>
        Encoding.UTF8.GetString(TranscoderRun.Feed(Create(outcome, includeUsage), upstream));

    public static string Run(byte[] upstream, bool includeUsage = true) => Run(upstream, new ResponseOutcome(), includeUsage);
}
