using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Bench.FakeUpstream;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c> for the upload benchmark: reads the whole form (whatever its size) and
/// discards it, then answers OpenAI's verbose_json shape with the byte count as the duration, so a truncated upload
/// would show.
/// </summary>
internal static class FakeTranscriptions
{
    public static async Task HandleAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            total += read;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            $$"""{"task":"transcribe","language":"english","duration":{{total}},"text":"The beach was a popular spot on a hot summer day."}""",
            context.RequestAborted);
    }
}
