using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Gateway.Data.Usage;

/// <summary>
/// Reads back, field by field, one row that <see cref="CopyTextRowEncoder"/> wrote (without its newline). Only the
/// escapes the encoder writes are known. Used off the hot path: when a batch the writer holds as text has to be
/// spooled instead, its rows are rebuilt from it.
/// </summary>
internal ref struct CopyTextFieldReader
{
    private ReadOnlySpan<byte> _rest;
    private bool _done;

    public CopyTextFieldReader(ReadOnlySpan<byte> row) => _rest = row;

    public string? Text()
    {
        var field = Next();
        if (IsNull(field))
        {
            return null;
        }
        if (field.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(field);
        }
        var bytes = new byte[field.Length];
        var length = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var b = field[i];
            if (b == '\\' && i + 1 < field.Length)
            {
                i++;
                b = field[i] switch { (byte)'t' => (byte)'\t', (byte)'n' => (byte)'\n', (byte)'r' => (byte)'\r', var other => other };
            }
            bytes[length++] = b;
        }
        return Encoding.UTF8.GetString(bytes, 0, length);
    }

    public string RequiredText() => Text() ?? throw Malformed();

    public Guid? Uuid()
    {
        var field = Next();
        return IsNull(field) ? null : Utf8Parser.TryParse(field, out Guid value, out var used) && used == field.Length ? value : throw Malformed();
    }

    public int Integer() => NullableInteger() ?? throw Malformed();

    public int? NullableInteger()
    {
        var field = Next();
        return IsNull(field) ? null : Utf8Parser.TryParse(field, out int value, out var used) && used == field.Length ? value : throw Malformed();
    }

    public decimal Numeric()
    {
        var field = Next();
        return decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed();
    }

    public bool Boolean()
    {
        var field = Next();
        return field.Length == 1 && field[0] is (byte)'t' or (byte)'f' ? field[0] == 't' : throw Malformed();
    }

    public DateTimeOffset Timestamp()
    {
        var field = Next();
        return DateTimeOffset.TryParse(Encoding.UTF8.GetString(field), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : throw Malformed();
    }

    private static bool IsNull(ReadOnlySpan<byte> field) => field.Length == 2 && field[0] == '\\' && field[1] == 'N';

    private ReadOnlySpan<byte> Next()
    {
        if (_done)
        {
            throw Malformed();
        }
        var tab = _rest.IndexOf((byte)'\t');
        if (tab < 0)
        {
            _done = true;
            return _rest;
        }
        var field = _rest[..tab];
        _rest = _rest[(tab + 1)..];
        return field;
    }

    private static FormatException Malformed() => new("A usage row's COPY text does not read back as it was written.");
}
