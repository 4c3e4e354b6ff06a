using System.Text.Json;
using Gateway.Transforms;

namespace Gateway.Proxy.Analytics;

/// <summary>How the analytics and stats endpoints write their answers: one JSON object, streamed to the response.</summary>
internal static class AnalyticsJson
{
    /// <summary>Answers with one JSON object whose members <paramref name="writeMembers"/> writes.</summary>
    public static async Task WriteObjectAsync(HttpContext context, Action<Utf8JsonWriter> writeMembers)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonWriting.Options);
        json.WriteStartObject();
        writeMembers(json);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The number, or <c>null</c> when there is none.</summary>
    public static void WriteNumberOrNull(Utf8JsonWriter json, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } present)
        {
            json.WriteNumber(name, present);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <inheritdoc cref="WriteNumberOrNull(Utf8JsonWriter, ReadOnlySpan{byte}, double?)"/>
    public static void WriteNumberOrNull(Utf8JsonWriter json, ReadOnlySpan<byte> name, decimal? value)
    {
        if (value is { } present)
        {
            json.WriteNumber(name, present);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>As a whole number (a decimal of scale 0 writes no fraction).</summary>
    public static void WriteNumberOrNull(Utf8JsonWriter json, ReadOnlySpan<byte> name, int? value) => WriteNumberOrNull(json, name, (decimal?)value);
}
