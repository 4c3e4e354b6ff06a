using System.Text;

namespace Gateway.Proxy.Quotas;

/// <summary>
/// Durations the way OpenAI writes <c>x-ratelimit-reset-*</c> (Go's duration format): <c>250ms</c>, <c>1s</c>,
/// <c>17.5s</c>, <c>6m0s</c>, <c>1h2m3s</c>.
/// </summary>
internal static class RateLimitResetFormat
{
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return "0s";
        }
        var milliseconds = (long)Math.Ceiling(duration.TotalMilliseconds);
        if (milliseconds < 1000)
        {
            return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
        }
        var hours = milliseconds / 3_600_000;
        var minutes = milliseconds / 60_000 % 60;
        var seconds = milliseconds % 60_000 / 1000m;
        var text = new StringBuilder();
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }
        if (hours > 0 || minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }
        text.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return text.ToString();
    }
}
