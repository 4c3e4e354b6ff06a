using System.Buffers;
using System.Buffers.Text;

namespace Gateway.Data.Usage;

/// <summary>
/// One spool segment opened for replay (exclusively). Reads rows in order; a line whose length prefix does not match
/// what follows (a torn write at a crash) or that does not parse is skipped and counted, never replayed half.
/// </summary>
public sealed class UsageSpoolSegment : IDisposable
{
    private readonly FileStream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private bool _eof;

    internal UsageSpoolSegment(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
        Length = stream.Length;
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Lines skipped so far as torn or unreadable.</summary>
    public int TornLines { get; private set; }

    /// <summary>Reads up to <paramref name="max"/> rows into <paramref name="rows"/>; returns false once the segment is exhausted.</summary>
    public bool ReadBatch(List<UsageRow> rows, int max)
    {
        ArgumentNullException.ThrowIfNull(rows);
        rows.Clear();
        while (rows.Count < max)
        {
            if (!TryReadLine(out var line, out var complete))
            {
                break;
            }
            if (complete && TryParse(line, out var row))
            {
                rows.Add(row!);
            }
            else
            {
                TornLines++;
            }
        }
        return rows.Count > 0;
    }

    public void Dispose()
    {
        _stream.Dispose();
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The next line without its newline; <paramref name="complete"/> is false for a last line the file ends inside.</summary>
    private bool TryReadLine(out ReadOnlySpan<byte> line, out bool complete)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                complete = true;
                return true;
            }
            if (_eof)
            {
                complete = false;
                if (_end > _start)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            // A line longer than the buffer (a large stored body): grow to hold it.
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }

    private static bool TryParse(ReadOnlySpan<byte> line, out UsageRow? row)
    {
        row = null;
        var space = line.IndexOf((byte)' ');
        if (space <= 0 || !Utf8Parser.TryParse(line[..space], out int length, out var consumed) || consumed != space
            || length != line.Length - space - 1)
        {
            return false;
        }
        try
        {
            row = JsonSerializer.Deserialize(line[(space + 1)..], UsageSpoolJsonContext.Default.UsageRow);
            return row is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
