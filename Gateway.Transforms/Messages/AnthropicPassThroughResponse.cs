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
        var usage = new AnthropicUsageTotals();
        AnthropicMessageFields fields;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The answer is not a JSON object.");
            }
            fields = AnthropicMessageFields.Read(ref reader, usage);
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The answer is not valid JSON.", ex);
        }
        if (fields.ModelAt >= 0)
        {
            outcome.ProviderModel = AnthropicBlockFields.StringAt(body, fields.ModelAt).GetString();
        }
        if (fields.StopReasonAt >= 0)
        {
            outcome.FinishReason = AnthropicStopReasons.ToFinishReason(AnthropicBlockFields.StringAt(body, fields.StopReasonAt).ValueSpan);
        }
        if (usage.Seen)
        {
            outcome.Usage = usage.ToTokenUsage();
        }
        if (fields.IdAt < 0)
        {
            output.Write(body);
            return;
        }
        outcome.ProviderResponseId = AnthropicBlockFields.StringAt(body, fields.IdAt).GetString();
        output.Write(body[..fields.IdAt]);
        WriteQuoted(output, context.ResponseId);
        output.Write(body[fields.IdEnd..]);
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
