using System.Globalization;

namespace Gateway.Data.Usage;

/// <summary>The second a response id (<c>gen-{unix seconds}-{random}</c>) was made in, which bounds its row's <c>created_at</c>.</summary>
internal static class ResponseIdTime
{
    public static bool TryGetSecond(string id, out DateTimeOffset second)
    {
        second = default;
        var parts = id.Split('-');
        if (parts.Length != 3 || parts[0] != "gen" || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds is < 0 or > 253402300799)
        {
            return false;
        }
        second = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
