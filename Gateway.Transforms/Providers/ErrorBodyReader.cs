using System.Text.Json;
using Gateway.Transforms.Adapters;

namespace Gateway.Transforms.Providers;

/// <summary>
/// The frame every provider's error reader shares: the body must be one JSON object; anything else (HTML from a proxy,
/// a cut body, plain text) yields no detail, so the error is mapped from its status alone.
/// </summary>
internal static class ErrorBodyReader
{
    /// <summary>Reads the object's properties; the reader is on its StartObject.</summary>
    public delegate UpstreamErrorDetail ObjectReader(ref Utf8JsonReader reader);

    public static UpstreamErrorDetail Read(ReadOnlySpan<byte> body, ObjectReader readObject)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject ? readObject(ref reader) : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
