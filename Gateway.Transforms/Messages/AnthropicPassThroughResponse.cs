using System.Buffers;
using System.Text;
using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.Providers.Anthropic;

namespace Gateway.Transforms.Messages;

/// <summary>
/// An Anthropic answer to a Messages request, passed back as Anthropic sent it: only its <c>id</c> is replaced by the
/// gateway's (spliced in, the rest copied byte for byte). Its usage (cache reads and writes included), stop reason,
/// model and id are read for the usage record.
/// </summary>
public static class AnthropicPassThroughResponse
{
    /// <exception cref="UpstreamFormatException">The answer is not a JSON object.</exception>
    public static void Convert(ReadOnlySpan<byte> body, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(output);
        var idStart = -1;
        var idEnd = -1;
        var usage = new AnthropicUsageTotals();
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The answer is not a JSON object.");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        idStart = (int)reader.TokenStartIndex;
                        idEnd = (int)reader.BytesConsumed;
                        outcome.ProviderResponseId = reader.GetString();
                    }
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    outcome.ProviderModel = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("stop_reason"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        outcome.FinishReason = AnthropicStopReasons.ToFinishReason(reader.ValueSpan);
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
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The answer is not valid JSON.", ex);
        }
        if (usage.Seen)
        {
            outcome.Usage = usage.ToTokenUsage();
        }
        if (idStart < 0)
        {
            output.Write(body);
            return;
        }
        output.Write(body[..idStart]);
        WriteQuoted(output, context.ResponseId);
        output.Write(body[idEnd..]);
    }

    /// <summary>The gateway's id as a JSON string (<c>gen-</c> and base-62: nothing to escape).</summary>
    internal static void WriteQuoted(IBufferWriter<byte> output, string id)
    {
        var span = output.GetSpan(id.Length * 3 + 2);
        span[0] = (byte)'"';
        var written = Encoding.UTF8.GetBytes(id, span[1..]);
        span[written + 1] = (byte)'"';
        output.Advance(written + 2);
    }
}
