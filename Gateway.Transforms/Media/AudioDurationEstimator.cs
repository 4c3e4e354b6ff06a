using System.Buffers.Binary;

namespace Gateway.Transforms.Media;

/// <summary>
/// The gateway's estimate of an uploaded audio file's length, for answers that do not report it (text, srt, vtt,
/// json): a WAV file by its header (data bytes ÷ byte rate), anything else by its size at 128 kbit/s (a typical
/// speech MP3/M4A rate; a compressed file at a lower rate is under-billed, at a higher one over-billed). Always marked
/// estimated in the usage row.
/// </summary>
public static class AudioDurationEstimator
{
    /// <summary>Bytes per second assumed for compressed audio (128 kbit/s).</summary>
    public const decimal CompressedBytesPerSecond = 16_000m;

    /// <param name="head">The file's first bytes (at least 44 for a WAV header).</param>
    /// <param name="fileBytes">The file's size.</param>
    public static decimal Estimate(ReadOnlySpan<byte> head, long fileBytes)
    {
        if (fileBytes <= 0)
        {
            return 0m;
        }
        if (head.Length >= 44 && head[..4].SequenceEqual("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WAVE"u8) && head.Slice(12, 4).SequenceEqual("fmt "u8))
        {
            var byteRate = BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(28, 4));
            if (byteRate > 0)
            {
                // The canonical header is 44 bytes; extra chunks make this a slight over-estimate.
                return Round(Math.Max(0, fileBytes - 44) / (decimal)byteRate);
            }
        }
        return Round(fileBytes / CompressedBytesPerSecond);
    }

    private static decimal Round(decimal seconds) => decimal.Round(seconds, 3, MidpointRounding.AwayFromZero);
}
