using System.Text.Json;
using Gateway.Transforms;

namespace Gateway.Proxy.Analytics;

/// <summary>How the analytics and stats endpoints write their answers: one JSON object (or a list), streamed to the response.</summary>
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

    /// <summary>
    /// Answers with a list over a time range: <c>"object": "list"</c>, the members <paramref name="writeHeader"/> writes (if any),
    /// <c>from</c> and <c>to</c>, then <c>data</c> with one object per row, whose members <paramref name="writeRow"/> writes.
    /// </summary>
    public static Task WriteListAsync<TRow>(
        HttpContext context, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<TRow> rows, Action<Utf8JsonWriter>? writeHeader,
        Action<Utf8JsonWriter, TRow> writeRow) =>
        WriteObjectAsync(context, json =>
        {
            json.WriteString("object"u8, "list"u8);
            writeHeader?.Invoke(json);
            json.WriteString("from"u8, from.ToUniversalTime());
            json.WriteString("to"u8, to.ToUniversalTime());
            json.WritePropertyName("data"u8);
            json.WriteStartArray();
            for (var i = 0; i < rows.Count; i++)
            {
                json.WriteStartObject();
                writeRow(json, rows[i]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });

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
