using System.Buffers;
using System.Globalization;
using System.Net;

namespace Gateway.Data.Usage;

/// <summary>
/// Encodes rows in PostgreSQL's COPY text format (tab between fields, a newline after each row, <c>\N</c> for null,
/// backslash escapes) into one reusable character buffer. The usage writer sends its rows this way because Npgsql's
/// binary importer resolves a type handler for every field, which cost more of the gateway's CPU per row than the rest
/// of recording; parsing the text is the database's work, on its own core. Not thread-safe: one writer owns it.
/// </summary>
internal sealed class CopyTextRowEncoder
{
    // Longest fixed-width value: a uuid (36), a timestamp (28), an IPv6 address (45), a decimal (at most 31).
    private const int ScalarRoom = 64;

    /// <summary>What COPY's text format escapes (and NUL, which it cannot carry).</summary>
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\\t\n\r\0");

    private char[] _buffer;
    private int _length;
    private bool _rowStarted;

    public CopyTextRowEncoder(int initialCapacity = 16 * 1024) => _buffer = new char[initialCapacity];

    public int Length => _length;

    public ReadOnlyMemory<char> Written => _buffer.AsMemory(0, _length);

    public void Clear() => _length = 0;

    public void EndRow()
    {
        Append('\n');
        _rowStarted = false;
    }

    public void Null()
    {
        Separate();
        Append('\\');
        Append('N');
    }

    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }
        Separate();
        // Room for the worst case (every character escaped to two), so the runs between escapes are block copies.
        Ensure(value.Length * 2);
        var rest = value.AsSpan();
        int at;
        while ((at = rest.IndexOfAny(Escaped)) >= 0)
        {
            rest[..at].CopyTo(_buffer.AsSpan(_length));
            _length += at;
            var c = rest[at];
            if (c == '\0')
            {
                // PostgreSQL text cannot hold NUL; one odd character must not cost the whole row.
                _buffer[_length++] = '\uFFFD';
            }
            else
            {
                _buffer[_length++] = '\\';
                _buffer[_length++] = c switch { '\t' => 't', '\n' => 'n', '\r' => 'r', _ => '\\' };
            }
            rest = rest[(at + 1)..];
        }
        rest.CopyTo(_buffer.AsSpan(_length));
        _length += rest.Length;
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
        Append(value ? 't' : 'f');
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
            Append('\t');
        }
        _rowStarted = true;
    }

    private void Append(char c)
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
