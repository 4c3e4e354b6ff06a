using System.Buffers;
using System.IO.Pipelines;

namespace Gateway.Bench.FakeUpstream;

/// <summary>Reads a whole request body (the fakes' bodies are a few KB) for a field or two to be read from it.</summary>
internal static class FakeRequestBody
{
    public static async ValueTask<byte[]> ReadAsync(PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                var bytes = result.Buffer.ToArray();
                body.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            // Nothing consumed, everything examined: the next read returns the whole body so far.
            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
