using System.Text.Json;
using Gateway.Transforms.OpenAI;

namespace Gateway.Transforms.Providers.Anthropic;

/// <summary>
/// Where a <c>message_start</c> event's message id and model stand in its data (offsets of their string tokens, -1 when
/// absent; <see cref="IdEnd"/> just past the id's closing quote), read by the adapter and the pass-through alike.
/// </summary>
internal readonly record struct AnthropicMessageStart(int IdAt, int IdEnd, int ModelAt)
{
    /// <summary>Reads the event's data once: the positions, and its usage into <paramref name="usage"/>.</summary>
    public static AnthropicMessageStart Read(ReadOnlySpan<byte> data, AnthropicUsageTotals usage)
    {
        int idAt = -1, idEnd = -1, modelAt = -1;
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (JsonSeek.NextObject(ref reader, "message"u8))
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        idAt = (int)reader.TokenStartIndex;
                        idEnd = (int)reader.BytesConsumed;
                    }
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        modelAt = (int)reader.TokenStartIndex;
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage.Read(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        return new AnthropicMessageStart(idAt, idEnd, modelAt);
    }
}
