namespace Gateway.Tests.Infrastructure;

/// <summary>Reads an SSE response as the events received, and whether the connection was cut after them.</summary>
public static class SseReading
{
    public static async Task<(IReadOnlyList<string> Events, bool Aborted)> ReadEventsAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder();
        var aborted = false;
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                var count = decoder.GetChars(buffer, 0, read, chars, 0);
                text.Append(chars, 0, count);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            aborted = true;
        }
        var events = text.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        return (events, aborted);
    }

    /// <summary>Reads the response until <paramref name="marker"/> has arrived <paramref name="times"/> times, leaving the rest unread (a client about to leave).</summary>
    public static async Task<string> ReadUntilAsync(HttpResponseMessage response, string marker, int times)
    {
        ArgumentNullException.ThrowIfNull(response);
        var received = new StringBuilder();
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1024];
        while (received.ToString().Split(marker).Length <= times)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new AssertionException($"The stream ended before '{marker}' arrived {times} times: {received}");
            }
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return received.ToString();
    }
}
