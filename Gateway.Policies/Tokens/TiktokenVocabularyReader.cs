using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace Gateway.Policies.Tokens;

/// <summary>
/// Reads a tiktoken vocabulary as Microsoft.ML.Tokenizers' data packages embed it: an optional <c>Capacity: N</c>
/// line, then one base64 token a line, its rank being its line number (an empty line is a rank with no token).
/// Parsed from the UTF-8 bytes in chunks, without a string per line, straight into <see cref="TiktokenVocabulary"/>'s
/// arrays.
/// </summary>
internal static class TiktokenVocabularyReader
{
    private const int ChunkBytes = 64 * 1024;
    private static ReadOnlySpan<byte> CapacityPrefix => "Capacity: "u8;

    public static TiktokenVocabulary Read(Stream text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new Builder();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var filled = 0;
            var first = true;
            int read;
            while ((read = text.Read(chunk, filled, chunk.Length - filled)) > 0)
            {
                filled += read;
                var consumed = 0;
                int newline;
                while ((newline = chunk.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n')) >= 0)
                {
                    builder.AddLine(chunk.AsSpan(consumed, newline), ref first);
                    consumed += newline + 1;
                }
                if (consumed == 0 && filled == chunk.Length)
                {
                    throw new InvalidDataException("A line of the tiktoken vocabulary is longer than 64 KB.");
                }
                chunk.AsSpan(consumed, filled - consumed).CopyTo(chunk);
                filled -= consumed;
            }
            if (filled > 0)
            {
                builder.AddLine(chunk.AsSpan(0, filled), ref first);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return builder.Build();
    }

    private sealed class Builder
    {
        private byte[] _bytes = new byte[1 << 20];
        private int[] _offsets = new int[1 << 16];
        private int _length;
        private int _ranks;
        private bool _started;

        public void AddLine(ReadOnlySpan<byte> line, ref bool first)
        {
            if (first)
            {
                first = false;
                line = line.StartsWith("\uFEFF"u8) ? line[3..] : line;
                if (line.StartsWith(CapacityPrefix))
                {
                    Reserve(ParseCapacity(line[CapacityPrefix.Length..]));
                    return;
                }
            }
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }
            if (line.IsEmpty && !_started)
            {
                // Blank lines before the first token carry no rank (as the library reads them).
                return;
            }
            _started = true;
            if (line.IndexOf((byte)' ') >= 0)
            {
                throw new InvalidDataException("The tiktoken vocabulary has a rank column; expected one base64 token a line.");
            }
            Ensure(Base64.GetMaxDecodedFromUtf8Length(line.Length));
            if (Base64.DecodeFromUtf8(line, _bytes.AsSpan(_length), out _, out var written) != OperationStatus.Done)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Line {_ranks} of the tiktoken vocabulary is not base64."));
            }
            _length += written;
            if (_ranks + 2 > _offsets.Length)
            {
                Array.Resize(ref _offsets, _offsets.Length * 2);
            }
            _offsets[++_ranks] = _length;
        }

        public TiktokenVocabulary Build()
        {
            var offsets = _offsets.AsSpan(0, _ranks + 1).ToArray();
            var bytes = _bytes.AsSpan(0, _length).ToArray();
            return new TiktokenVocabulary(bytes, offsets);
        }

        private static int ParseCapacity(ReadOnlySpan<byte> digits)
        {
            if (!digits.IsEmpty && digits[^1] == '\r')
            {
                digits = digits[..^1];
            }
            return Utf8Parser.TryParse(digits, out int capacity, out var used) && used == digits.Length && capacity >= 0
                ? capacity
                : throw new InvalidDataException("The tiktoken vocabulary's capacity line is not a number.");
        }

        private void Reserve(int ranks)
        {
            // About 7 bytes a token in o200k_base and cl100k_base; the arrays are trimmed to size in Build.
            if (ranks + 1 > _offsets.Length)
            {
                Array.Resize(ref _offsets, ranks + 1);
            }
            Ensure(ranks * 8);
        }

        private void Ensure(int more)
        {
            if (_length + more > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + more));
            }
        }
    }
}
