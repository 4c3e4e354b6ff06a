using System.Buffers;
using Gateway.Transforms.Providers.Gemini;

namespace Gateway.Tests.Transforms.Gemini;

/// <summary>Feeds provider bytes to a fresh Gemini transcoder in the given slices and returns its output.</summary>
internal static class GeminiStreamRunner
{
    public static string Run(byte[] upstream, ResponseOutcome outcome, bool includeUsage = true, params int[] splits)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var transcoder = new GeminiAdapter().CreateStreamTranscoder(GeminiFixtures.Context(includeUsage), outcome))
        {
            var start = 0;
            foreach (var split in splits)
            {
                transcoder.Write(upstream.AsSpan(start, split - start), output);
                start = split;
            }
            transcoder.Write(upstream.AsSpan(start), output);
            transcoder.Complete(output);
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static string Run(byte[] upstream, bool includeUsage = true) => Run(upstream, new ResponseOutcome(), includeUsage);
}
