namespace Gateway.Proxy.Logging.AccessLog;

/// <summary>Which requests get an access line: none when off, every failure, and the sampled share of the successes.</summary>
internal static class AccessLogSampling
{
    /// <param name="draw">A uniform number in [0, 1) (<see cref="Random.Shared"/>), so tests can choose it.</param>
    public static bool Keeps(AccessLogOptions options, int status, double draw)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return false;
        }
        // Failures are rare and the lines worth having: never sampled away.
        return status >= 400 || draw < options.SampleRate;
    }
}
