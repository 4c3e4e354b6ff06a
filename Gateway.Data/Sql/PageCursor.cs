using System.Buffers.Text;
using System.Text;

namespace Gateway.Data.Sql;

/// <summary>
/// Opaque keyset cursors: the last row's key parts, joined by a unit separator and base64url-encoded,
/// so callers treat them as tokens rather than building them.
/// </summary>
internal static class PageCursor
{
    private const char Separator = '\u001f';

    public static string Encode(params string[] parts) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, parts)));

    public static string[] Decode(string cursor, int partCount)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(Separator);
            if (parts.Length == partCount)
            {
                return parts;
            }
        }
        catch (FormatException)
        {
            // Falls through to the common error below.
        }

        throw new ArgumentException("The page cursor is not one this list issued.", nameof(cursor));
    }

    public static Guid DecodeGuid(string cursor) =>
        Guid.TryParse(Decode(cursor, 1)[0], out var id)
            ? id
            : throw new ArgumentException("The page cursor is not one this list issued.", nameof(cursor));

    public static long DecodeInt64(string cursor) =>
        long.TryParse(Decode(cursor, 1)[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException("The page cursor is not one this list issued.", nameof(cursor));
}
