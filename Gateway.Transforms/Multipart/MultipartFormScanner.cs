namespace Gateway.Transforms.Multipart;

/// <summary>
/// Reads the structure of a <c>multipart/form-data</c> body (RFC 7578, RFC 2046 §5.1) incrementally, in whatever
/// slices it arrives, without holding it: each call consumes what it can classify and leaves a tail that might be the
/// start of a delimiter or of an unfinished header block for the next call (the caller keeps that tail, as a
/// <see cref="System.IO.Pipelines.PipeReader"/> does). Small text fields are kept (<see cref="Fields"/>); the position
/// of <c>model</c>'s value is kept so it can be rewritten; file parts are only counted (and their first bytes kept, to
/// estimate an audio file's length). A body that breaks the grammar, or ends before its closing delimiter, sets
/// <see cref="Problem"/>.
/// </summary>
public sealed class MultipartFormScanner
{
    /// <summary>How many leading bytes of the first file part are kept (enough for a WAV header).</summary>
    public const int FileHeadBytes = 64;

    private readonly byte[] _delimiter;
    private readonly int _maxFieldBytes;
    private readonly int _maxHeaderBytes;
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);
    private readonly byte[] _fileHead = new byte[FileHeadBytes];
    private byte[]? _value;
    private State _state = State.Start;
    private long _position;
    private string? _partName;
    private bool _partIsFile;
    private long _partStart;
    private int _valueLength;
    private bool _valueTooLong;

    /// <param name="boundary">The boundary from the content type (<see cref="MultipartBoundary.TryParse"/>).</param>
    /// <param name="maxFieldBytes">Text fields up to this size are kept; longer ones pass without being read (<c>model</c> must fit).</param>
    /// <param name="maxHeaderBytes">The largest header block of one part.</param>
    public MultipartFormScanner(string boundary, int maxFieldBytes = 4096, int maxHeaderBytes = 8192)
    {
        _delimiter = MultipartBoundary.Delimiter(boundary);
        _maxFieldBytes = maxFieldBytes;
        _maxHeaderBytes = maxHeaderBytes;
    }

    private enum State
    {
        Start,
        Preamble,
        AfterDelimiter,
        Headers,
        Body,
        Done,
    }

    /// <summary>The text fields read so far (the first of each name), as UTF-8 text.</summary>
    public IReadOnlyDictionary<string, string> Fields => _fields;

    /// <summary>The value of the <c>model</c> field, once its part has ended.</summary>
    public string? Model { get; private set; }

    /// <summary>Where <see cref="Model"/>'s bytes start in the body.</summary>
    public long ModelOffset { get; private set; }

    /// <summary>How many bytes <see cref="Model"/>'s value has in the body.</summary>
    public int ModelLength { get; private set; }

    /// <summary>How many file parts have ended.</summary>
    public int FileParts { get; private set; }

    /// <summary>The bytes of every file part together.</summary>
    public long FileBytes { get; private set; }

    /// <summary>The first file's name as the client gave it.</summary>
    public string? FileName { get; private set; }

    /// <summary>The first bytes of the first file (up to <see cref="FileHeadBytes"/>).</summary>
    public ReadOnlySpan<byte> FileHead => _fileHead.AsSpan(0, (int)Math.Min(FirstFileBytes, FileHeadBytes));

    /// <summary>The bytes of the first file part.</summary>
    public long FirstFileBytes { get; private set; }

    /// <summary>The closing delimiter has been read: the form is whole.</summary>
    public bool Completed => _state == State.Done;

    /// <summary>How many bytes have been consumed.</summary>
    public long Position => _position;

    /// <summary>Why the body is not a valid form; null while it is.</summary>
    public string? Problem { get; private set; }

    /// <summary>
    /// Consumes what it can of <paramref name="buffer"/> (the bytes after <see cref="Position"/>) and returns how many
    /// bytes that was; the rest must be offered again with more after it. With <paramref name="isFinal"/> the body has
    /// no more: a form not closed by then is a <see cref="Problem"/>.
    /// </summary>
    public long Scan(ReadOnlySequence<byte> buffer, bool isFinal)
    {
        var reader = new SequenceReader<byte>(buffer);
        var start = _position;
        while (Problem is null && Step(ref reader, isFinal, start))
        {
        }
        _position = start + reader.Consumed;
        return reader.Consumed;
    }

    /// <summary>One step of the grammar; false when it needs more bytes (or is done or broken).</summary>
    private bool Step(ref SequenceReader<byte> reader, bool isFinal, long start)
    {
        switch (_state)
        {
            case State.Start:
                var opening = _delimiter.AsSpan(2);
                if (reader.Remaining < opening.Length)
                {
                    return NeedMore(isFinal, "the body ends before its first boundary");
                }
                // RFC 2046 allows a preamble before the first delimiter; it is ignored.
                _state = reader.IsNext(opening, advancePast: true) ? State.AfterDelimiter : State.Preamble;
                return true;

            case State.Preamble:
            case State.Body:
                if (reader.TryReadTo(out ReadOnlySequence<byte> content, _delimiter, advancePastDelimiter: true))
                {
                    Content(content);
                    EndPart(start + reader.Consumed - _delimiter.Length);
                    _state = State.AfterDelimiter;
                    return true;
                }
                if (isFinal)
                {
                    return Fail(_state == State.Preamble ? "the body has no boundary" : "the body ends inside a part, before its closing boundary");
                }
                var safe = reader.Remaining - (_delimiter.Length - 1);
                if (safe > 0)
                {
                    Content(reader.UnreadSequence.Slice(0, safe));
                    reader.Advance(safe);
                }
                return false;

            case State.AfterDelimiter:
                // Transport padding (spaces, tabs) may follow a delimiter; then CRLF starts a part and "--" ends the form.
                while (reader.TryPeek(out var pad) && pad is (byte)' ' or (byte)'\t' && reader.Consumed < int.MaxValue)
                {
                    reader.Advance(1);
                }
                if (reader.Remaining < 2)
                {
                    return NeedMore(isFinal, "the body ends after a boundary");
                }
                if (reader.IsNext("--"u8, advancePast: true))
                {
                    _state = State.Done;
                    return true;
                }
                if (reader.IsNext("\r\n"u8, advancePast: true))
                {
                    _state = State.Headers;
                    return true;
                }
                return Fail("a boundary is followed by something other than a line break");

            case State.Headers:
                if (reader.TryReadTo(out ReadOnlySequence<byte> headers, "\r\n\r\n"u8, advancePastDelimiter: true))
                {
                    if (headers.Length > _maxHeaderBytes || !StartPart(headers))
                    {
                        return Problem is null ? Fail("a part's headers are too large") : false;
                    }
                    _partStart = start + reader.Consumed;
                    _state = State.Body;
                    return true;
                }
                if (reader.IsNext("\r\n"u8))
                {
                    return Fail("a part has no Content-Disposition header");
                }
                if (reader.Remaining > _maxHeaderBytes)
                {
                    return Fail("a part's headers are too large");
                }
                return NeedMore(isFinal, "the body ends inside a part's headers");

            default:
                // The epilogue after the closing delimiter is ignored (RFC 2046).
                reader.Advance(reader.Remaining);
                return false;
        }
    }

    private bool NeedMore(bool isFinal, string problem) => isFinal ? Fail(problem) : false;

    private bool Fail(string problem)
    {
        Problem = problem;
        return false;
    }

    /// <summary>Reads a part's headers; false (with a problem) when it is not a form field.</summary>
    private bool StartPart(ReadOnlySequence<byte> headers)
    {
        var text = Encoding.UTF8.GetString(headers);
        string? name = null;
        string? fileName = null;
        foreach (var line in text.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return Fail("a part's header line has no name");
            }
            if (!line.AsSpan(0, colon).Trim().Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!ContentDispositionHeaderValue.TryParse(line[(colon + 1)..].Trim(), out var disposition)
                || !string.Equals(disposition.DispositionType, "form-data", StringComparison.OrdinalIgnoreCase))
            {
                return Fail("a part's Content-Disposition is not form-data");
            }
            name = Unquote(disposition.Name);
            fileName = Unquote(disposition.FileNameStar) ?? Unquote(disposition.FileName);
        }
        if (string.IsNullOrEmpty(name))
        {
            return Fail("a part has no field name");
        }
        _partName = name;
        _partIsFile = fileName is not null;
        if (_partIsFile)
        {
            FileName ??= fileName;
        }
        _valueLength = 0;
        _valueTooLong = false;
        return true;
    }

    private void Content(ReadOnlySequence<byte> content)
    {
        if (_state != State.Body || content.IsEmpty)
        {
            return;
        }
        if (_partIsFile)
        {
            if (FileParts == 0)
            {
                var kept = (int)Math.Min(FirstFileBytes, FileHeadBytes);
                if (kept < FileHeadBytes)
                {
                    var take = (int)Math.Min(content.Length, FileHeadBytes - kept);
                    content.Slice(0, take).CopyTo(_fileHead.AsSpan(kept));
                }
                FirstFileBytes += content.Length;
            }
            FileBytes += content.Length;
            return;
        }
        if (_valueTooLong || _valueLength + content.Length > _maxFieldBytes)
        {
            _valueTooLong = true;
            return;
        }
        _value ??= new byte[_maxFieldBytes];
        content.CopyTo(_value.AsSpan(_valueLength));
        _valueLength += (int)content.Length;
    }

    private void EndPart(long end)
    {
        if (_state != State.Body)
        {
            return;
        }
        if (_partIsFile)
        {
            FileParts++;
            return;
        }
        var name = _partName!;
        if (name == "model")
        {
            if (Model is not null)
            {
                Fail("the form has more than one model field");
                return;
            }
            if (_valueTooLong)
            {
                Fail("the model field is too long");
                return;
            }
            Model = Encoding.UTF8.GetString(_value.AsSpan(0, _valueLength));
            ModelOffset = _partStart;
            ModelLength = (int)(end - _partStart);
        }
        if (!_valueTooLong)
        {
            _fields.TryAdd(name, Encoding.UTF8.GetString(_value.AsSpan(0, _valueLength)));
        }
    }

    private static string? Unquote(string? value) =>
        value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
