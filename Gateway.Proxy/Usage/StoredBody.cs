using System.Text;

namespace Gateway.Proxy.Usage;

/// <summary>Bodies as stored for environments that opt in: UTF-8 text cut at a byte cap, never inside a character.</summary>
internal static class StoredBody
{
    public static string From(ReadOnlySpan<byte> utf8, int maxBytes, out bool truncated)
    {
        truncated = utf8.Length > maxBytes;
        if (truncated)
        {
            var cut = Math.Max(0, maxBytes);
            // Back off over continuation bytes (10xxxxxx) so the cut falls on a character boundary.
            while (cut > 0 && cut < utf8.Length && (utf8[cut] & 0xC0) == 0x80)
            {
                cut--;
            }
            utf8 = utf8[..cut];
        }
        return Encoding.UTF8.GetString(utf8);
    }
}
