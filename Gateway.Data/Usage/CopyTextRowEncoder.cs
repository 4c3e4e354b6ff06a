using System.Buffers;
using System.Globalization;
using System.Net;

namespace Gateway.Data.Usage;

/// <summary>
/// Encodes rows in PostgreSQL's COPY text format (tab between fields, a newline after each row, <c>\N</c> for null,
/// backslash escapes) as UTF-8 into one reusable buffer, which goes to the import's stream as it is. The usage writer
/// sends its rows this way because Npgsql's binary importer resolves a type handler for every field, which cost more of
/// the gateway's CPU per row than the rest of recording; parsing the text is the database's work, on its own core.
/// <see cref="CopyTextFieldReader"/> reads it back. Not thread-safe: one writer owns it.
/// </summary>
internal sealed class CopyTextRowEncoder
{
    // Longest fixed-width value: a uuid (36), a timestamp (28), an IPv6 address (45), a decimal (at most 31).
    private const int ScalarRoom = 64;

    /// <summary>What COPY's text format escapes (and NUL, which it cannot carry).</summary>
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\\t\n\r\0");

    private byte[] _buffer;
    private int _length;
    private bool _rowStarted;

    public CopyTextRowEncoder(int initialCapacity = 16 * 1024) => _buffer = new byte[initialCapacity];

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Clear()
    {
        _length = 0;
        _rowStarted = false;
    }

    public void EndRow()
    {
        Append((byte)'\n');
        _rowStarted = false;
    }

    public void Null()
    {
        Separate();
        Append((byte)'\\');
        Append((byte)'N');
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }
        Separate();
        // Room for the worst case: three bytes for a UTF-16 unit (a lone surrogate's replacement, NUL's U+FFFD).
        Ensure(value.Length * 3);
        var rest = value.AsSpan();
        int at;
        while ((at = rest.IndexOfAny(Escaped)) >= 0)
        {
            Utf8(rest[..at]);
            var c = rest[at];
            if (c == '\0')
            {
                // PostgreSQL text cannot hold NUL; one odd character must not cost the whole row.
                "\uFFFD"u8.CopyTo(_buffer.AsSpan(_length));
                _length += 3;
            }
            else
            {
                _buffer[_length++] = (byte)'\\';
                _buffer[_length++] = c switch { '\t' => (byte)'t', '\n' => (byte)'n', '\r' => (byte)'r', _ => (byte)'\\' };
            }
            rest = rest[(at + 1)..];
        }
        Utf8(rest);
    }

    /// <summary>JSON for a <c>jsonb</c> column: as <see cref="Text"/>, with <c>\u0000</c> (which jsonb refuses) made U+FFFD.</summary>
    public void Json(string? value)
    {
        if (value is null || !value.Contains("\\u0000", StringComparison.Ordinal))
        {
            Text(value);
            return;
        }
        var cleaned = new System.Text.StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\' || i + 1 == value.Length)
            {
                cleaned.Append(value[i]);
                continue;
            }
            if (value[i + 1] == 'u' && string.CompareOrdinal(value, i + 2, "0000", 0, 4) == 0)
            {
                cleaned.Append("\\ufffd");
                i += 5;
                continue;
            }
            // Any other escape is kept whole, so "\\u0000" (a backslash, then text) is not mistaken for NUL.
            cleaned.Append(value, i, 2);
            i++;
        }
        Text(cleaned.ToString());
    }

    public void Uuid(Guid? value)
    {
        if (value is not { } id)
        {
            Null();
            return;
        }
        Separate();
        Ensure(ScalarRoom);
        id.TryFormat(_buffer.AsSpan(_length), out var written, "D");
        _length += written;
    }

    public void Integer(int value)
    {
        Separate();
        Ensure(ScalarRoom);
        value.TryFormat(_buffer.AsSpan(_length), out var written, provider: CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Integer(int? value)
    {
        if (value is { } present)
        {
            Integer(present);
        }
        else
        {
            Null();
        }
    }

    public void Numeric(decimal value)
    {
        Separate();
        Ensure(ScalarRoom);
        value.TryFormat(_buffer.AsSpan(_length), out var written, provider: CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Boolean(bool value)
    {
        Separate();
        Append(value ? (byte)'t' : (byte)'f');
    }

    /// <summary>A <c>timestamptz</c> in UTC, cut to PostgreSQL's microseconds as the binary protocol cuts it.</summary>
    public void Timestamp(DateTimeOffset value)
    {
        Separate();
        Ensure(ScalarRoom);
        var utc = value.UtcDateTime;
        utc = utc.AddTicks(-(utc.Ticks % 10));
        // The round-trip format has a fast path; its seventh fraction digit is the 0 left by the cut above.
        utc.TryFormat(_buffer.AsSpan(_length), out var written, "O", CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>An <c>inet</c>: the address as .NET reads it (so only valid addresses reach the database), else null.</summary>
    public void Inet(string? value)
    {
        if (value is null || !IPAddress.TryParse(value, out var address))
        {
            Null();
            return;
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            // PostgreSQL's inet has no zone index ("%eth0").
            address = new IPAddress(address.GetAddressBytes());
        }
        Separate();
        Ensure(ScalarRoom);
        address.TryFormat(_buffer.AsSpan(_length), out var written);
        _length += written;
    }

    private void Separate()
    {
        if (_rowStarted)
        {
            Append((byte)'\t');
        }
        _rowStarted = true;
    }

    /// <summary>A run without escapes; a lone surrogate becomes U+FFFD, as the database could not store it either.</summary>
    private void Utf8(ReadOnlySpan<char> run)
    {
        System.Text.Unicode.Utf8.FromUtf16(run, _buffer.AsSpan(_length), out _, out var written);
        _length += written;
    }

    private void Append(byte c)
    {
        if (_length == _buffer.Length)
        {
            Ensure(1);
        }
        _buffer[_length++] = c;
    }

    private void Ensure(int room)
    {
        if (_buffer.Length - _length >= room)
        {
            return;
        }
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + room));
    }
}
