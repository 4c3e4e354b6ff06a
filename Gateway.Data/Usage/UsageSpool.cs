using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Gateway.Data.Usage;

/// <summary>
/// A local, append-only spool for usage rows the database could not take. A folder of segment files, each written by
/// one process (held with an exclusive lock while open) and named so that name order is write order. One row per line:
/// <c>{byte length} {json}\n</c>; every append is flushed to disk (fsync) before it returns, so a row the spool accepted
/// survives a crash. A crash mid-append leaves a torn last line, which the length check detects and the reader skips.
/// Segments are replayed oldest first and deleted only once every row in them is committed.
/// </summary>
public sealed class UsageSpool : IDisposable
{
    public const string Extension = ".spool";

    /// <summary>Rows the database refused outright, kept for an operator (never replayed).</summary>
    public const string RejectedFile = "rejected.jsonl";

    private readonly object _gate = new();
    private readonly long _maxSegmentBytes;
    private readonly Dictionary<string, long> _recordsBySegment = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private FileStream? _current;
    private string? _currentPath;
    private int _sequence;
    private long _pendingBytes;
    private long _pendingRecords;

    /// <summary>Opens (creating it if needed) the spool in <paramref name="directory"/> and counts what earlier runs left there.</summary>
    public UsageSpool(string directory, long maxSegmentBytes = 16 * 1024 * 1024)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
        _maxSegmentBytes = maxSegmentBytes;
        System.IO.Directory.CreateDirectory(directory);
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*" + Extension))
        {
            var records = CountLines(path);
            _recordsBySegment[path] = records;
            _pendingRecords += records;
            _pendingBytes += new FileInfo(path).Length;
        }
    }

    public string Directory { get; }

    /// <summary>Bytes waiting to be replayed (what this process knows of).</summary>
    public long PendingBytes
    {
        get
        {
            lock (_gate)
            {
                return _pendingBytes;
            }
        }
    }

    /// <summary>Rows waiting to be replayed (what this process knows of).</summary>
    public long PendingRecords
    {
        get
        {
            lock (_gate)
            {
                return _pendingRecords;
            }
        }
    }

    /// <summary>Something is waiting to be replayed (including a torn segment an earlier run left, until it is cleared).</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
            {
                return _pendingRecords > 0 || _pendingBytes > 0;
            }
        }
    }

    /// <summary>Appends <paramref name="rows"/> and flushes them to disk. Thread-safe: the writer and, when its queue is full, request threads call it.</summary>
    /// <exception cref="IOException">The disk would not take them.</exception>
    public void Append(IReadOnlyList<UsageRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            var segment = CurrentSegment();
            var before = segment.Length;
            foreach (var row in rows)
            {
                WriteLine(segment, row);
            }
            segment.Flush(flushToDisk: true);
            _pendingBytes += segment.Length - before;
            _pendingRecords += rows.Count;
            _recordsBySegment[_currentPath!] = _recordsBySegment.GetValueOrDefault(_currentPath!) + rows.Count;
            if (segment.Length >= _maxSegmentBytes)
            {
                CloseCurrent();
            }
        }
    }

    /// <summary>
    /// Sets aside a row the database refuses outright (a constraint it breaks), so it cannot stall every replay after
    /// it: appended to <c>rejected.jsonl</c> in the spool folder, which is never replayed, for an operator to look at.
    /// </summary>
    public void Reject(UsageRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            using var rejected = new FileStream(Path.Combine(Directory, RejectedFile), FileMode.Append, FileAccess.Write, FileShare.Read);
            WriteLine(rejected, row);
            rejected.Flush(flushToDisk: true);
        }
    }

    /// <summary>Closes the segment being appended to, so that it can be replayed; the next append starts a new one.</summary>
    public void Seal()
    {
        lock (_gate)
        {
            CloseCurrent();
        }
    }

    /// <summary>The closed segments in write order (the one being appended to is not among them).</summary>
    public IReadOnlyList<string> Segments()
    {
        lock (_gate)
        {
            var paths = new List<string>();
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
            {
                if (path != _currentPath)
                {
                    paths.Add(path);
                }
            }
            paths.Sort(StringComparer.Ordinal);
            return paths;
        }
    }

    /// <summary>Opens a segment for replay, exclusively; null when another process holds it (it is still writing it) or it is gone.</summary>
    public UsageSpoolSegment? TryOpen(string path)
    {
        lock (_gate)
        {
            if (path == _currentPath)
            {
                return null;
            }
        }
        try
        {
            return new UsageSpoolSegment(path, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Deletes a segment whose rows are all committed.</summary>
    public void Complete(UsageSpoolSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var length = segment.Length;
        segment.Dispose();
        File.Delete(segment.Path);
        lock (_gate)
        {
            _pendingBytes = Math.Max(0, _pendingBytes - length);
            if (_recordsBySegment.Remove(segment.Path, out var records))
            {
                _pendingRecords = Math.Max(0, _pendingRecords - records);
            }
        }
    }

    /// <summary>Stops counting a segment this process cannot replay (another live process holds it and replays it itself).</summary>
    public void Forget(string path)
    {
        lock (_gate)
        {
            if (_recordsBySegment.Remove(path, out var records))
            {
                _pendingRecords = Math.Max(0, _pendingRecords - records);
                try
                {
                    _pendingBytes = Math.Max(0, _pendingBytes - new FileInfo(path).Length);
                }
                catch (IOException)
                {
                    _pendingBytes = 0;
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CloseCurrent();
        }
    }

    private FileStream CurrentSegment()
    {
        if (_current is not null)
        {
            return _current;
        }
        // UTC time, then process and sequence: name order is write order across restarts and processes.
        var name = string.Create(CultureInfo.InvariantCulture,
            $"usage-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Environment.ProcessId:D7}-{_sequence++:D6}{Extension}");
        // The folder may have been cleaned away under a long-running process (a tmp reaper): make it again.
        System.IO.Directory.CreateDirectory(Directory);
        _currentPath = Path.Combine(Directory, name);
        _current = new FileStream(_currentPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        _recordsBySegment[_currentPath] = 0;
        return _current;
    }

    private void CloseCurrent()
    {
        _current?.Dispose();
        _current = null;
        _currentPath = null;
    }

    private void WriteLine(Stream segment, UsageRow row)
    {
        _line.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_line))
        {
            JsonSerializer.Serialize(json, row, UsageSpoolJsonContext.Default.UsageRow);
        }
        Span<byte> prefix = stackalloc byte[16];
        if (!_line.WrittenCount.TryFormat(prefix, out var digits, provider: CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A spool line length did not format.");
        }
        prefix[digits++] = (byte)' ';
        segment.Write(prefix[..digits]);
        segment.Write(_line.WrittenSpan);
        segment.WriteByte((byte)'\n');
    }

    private static long CountLines(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                long lines = 0;
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lines += buffer.AsSpan(0, read).Count((byte)'\n');
                }
                return lines;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
