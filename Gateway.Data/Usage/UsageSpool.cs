using System.Buffers;
using System.Globalization;

namespace Gateway.Data.Usage;

/// <summary>
/// A local, append-only spool for usage rows the database could not take. A folder of segment files, each written by
/// one process (held with an exclusive lock while open) and named so that name order is write order. One row per line:
/// <c>{byte length} {json}\n</c>; every append is flushed to disk (fsync) before it returns, so a row the spool accepted
/// survives a crash. A crash mid-append leaves a torn last line, which the length check detects and the reader skips.
/// Segments are replayed oldest first and deleted only once every row in them is committed.
/// <para>
/// The folder is the owner's alone (0700, files 0600: rows name keys, teams and client addresses), and the spool
/// holds at most <c>maxBytes</c>: a row past that is refused (the caller counts it lost) rather than fill the disk.
/// </para>
/// </summary>
public sealed class UsageSpool : IDisposable
{
    public const string Extension = ".spool";

    /// <summary>Rows the database refused outright, kept for an operator (never replayed).</summary>
    public const string RejectedFile = "rejected.jsonl";

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly object _gate = new();
    private readonly long _maxSegmentBytes;
    private readonly long _maxBytes;
    private readonly ArrayBufferWriter<byte> _batch = new(4096);
    private readonly Dictionary<string, long> _recordsBySegment = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private FileStream? _current;
    private string? _currentPath;
    private int _sequence;
    private long _pendingBytes;
    private long _pendingRecords;

    /// <summary>Opens (creating it if needed) the spool in <paramref name="directory"/> and counts what earlier runs left there.</summary>
    /// <param name="directory">The spool folder; created 0700, and tightened to that if it exists with wider rights and is ours.</param>
    /// <param name="maxSegmentBytes">A segment is closed once it reaches this size.</param>
    /// <param name="maxBytes">Most bytes waiting in the spool; rows past it are refused.</param>
    public UsageSpool(string directory, long maxSegmentBytes = 16 * 1024 * 1024, long maxBytes = long.MaxValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        Directory = directory;
        _maxSegmentBytes = maxSegmentBytes;
        _maxBytes = maxBytes;
        CreateFolder(directory);
        Tighten(directory);
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "*" + Extension))
        {
            var records = CountLines(path);
            _recordsBySegment[path] = records;
            _pendingRecords += records;
            _pendingBytes += new FileInfo(path).Length;
        }
    }

    public string Directory { get; }

    /// <summary>Most bytes the spool holds.</summary>
    public long MaxBytes => _maxBytes;

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

    /// <summary>
    /// Appends <paramref name="rows"/>, in order, as far as the spool's size cap allows, and flushes them to disk.
    /// Thread-safe: the writer and, when its queue is full, request threads call it.
    /// </summary>
    /// <returns>How many of the rows (from the first) were taken; the rest did not fit under the cap.</returns>
    /// <exception cref="IOException">The disk would not take them.</exception>
    public int Append(IReadOnlyList<UsageRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return 0;
        }
        lock (_gate)
        {
            _batch.ResetWrittenCount();
            var taken = 0;
            var fits = 0;
            foreach (var row in rows)
            {
                WriteLine(_batch, row);
                if (_pendingBytes + _batch.WrittenCount > _maxBytes)
                {
                    break;
                }
                taken++;
                fits = _batch.WrittenCount;
            }
            if (taken == 0)
            {
                return 0;
            }
            var segment = CurrentSegment();
            segment.Write(_batch.WrittenSpan[..fits]);
            segment.Flush(flushToDisk: true);
            _pendingBytes += fits;
            _pendingRecords += taken;
            _recordsBySegment[_currentPath!] = _recordsBySegment.GetValueOrDefault(_currentPath!) + taken;
            if (segment.Length >= _maxSegmentBytes)
            {
                CloseCurrent();
            }
            return taken;
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
            using var rejected = new FileStream(Path.Combine(Directory, RejectedFile), OwnerOnly(FileMode.Append, FileShare.Read, 4096));
            _batch.ResetWrittenCount();
            WriteLine(_batch, row);
            rejected.Write(_batch.WrittenSpan);
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
        CreateFolder(Directory);
        _currentPath = Path.Combine(Directory, name);
        _current = new FileStream(_currentPath, OwnerOnly(FileMode.CreateNew, FileShare.None, 64 * 1024));
        _recordsBySegment[_currentPath] = 0;
        return _current;
    }

    private void CloseCurrent()
    {
        _current?.Dispose();
        _current = null;
        _currentPath = null;
    }

    /// <summary>Options to write a file that, when created, is readable by its owner only.</summary>
    private static FileStreamOptions OwnerOnly(FileMode mode, FileShare share, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFileMode;
        }
        return options;
    }

    /// <summary>Creates the folder (and missing parents) readable by its owner only.</summary>
    private static void CreateFolder(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
            return;
        }
        System.IO.Directory.CreateDirectory(directory, FolderMode);
    }

    /// <summary>
    /// A folder that already existed keeps the rights it was made with: narrow them to the owner's when they are wider
    /// and the folder is ours (on a volume owned by someone else, the volume's rights are the operator's to set).
    /// </summary>
    private static void Tighten(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            if ((File.GetUnixFileMode(directory) & ~FolderMode) != 0)
            {
                File.SetUnixFileMode(directory, FolderMode);
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // Not ours to change.
        }
    }

    private void WriteLine(IBufferWriter<byte> output, UsageRow row)
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
        output.Write(prefix[..digits]);
        output.Write(_line.WrittenSpan);
        output.Write("\n"u8);
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
