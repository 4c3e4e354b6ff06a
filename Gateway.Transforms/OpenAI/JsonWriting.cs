using System.Text.Encodings.Web;

namespace Gateway.Transforms;

/// <summary>Writer options shared by every converter.</summary>
public static class JsonWriting
{
    /// <summary>
    /// Relaxed escaping keeps non-ASCII text as UTF-8 (as the providers send it) instead of \u escapes,
    /// which keeps converted output close to byte size of the input. Output is never embedded in HTML.
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>
    /// <paramref name="json"/> reset to write to <paramref name="output"/>, made on first use: one writer per stream,
    /// and none for a stream that never needs one.
    /// </summary>
    public static Utf8JsonWriter Reuse(ref Utf8JsonWriter? json, IBufferWriter<byte> output)
    {
        if (json is null)
        {
            json = new Utf8JsonWriter(output, Options);
        }
        else
        {
            json.Reset(output);
        }
        return json;
    }
}
