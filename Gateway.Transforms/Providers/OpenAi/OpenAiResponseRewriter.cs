using System.Buffers;
using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Usage;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Rewrites an OpenAI completion or chunk: the gateway's id and provider replace the provider's, usage and
/// finish reason are recorded, and every other field is copied byte for byte. Two passes over one tokenization:
/// the first finds the top-level fields, the second writes them.
/// </summary>
public static class OpenAiResponseRewriter
{
    private const int InlineFields = 24;

    public static OpenAiRewriteResult Rewrite(
        ReadOnlySpan<byte> json, ResponseContext context, ResponseOutcome outcome, Utf8JsonWriter writer, bool writeUsage, bool dropUsageOnlyObject)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(writer);

        FieldRange[]? rented = null;
        Span<FieldRange> fields = stackalloc FieldRange[InlineFields];
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The provider's answer is not a JSON object.");
            }

            var count = 0;
            var choicesEmpty = false;
            var hasUsage = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (count == fields.Length)
                {
                    var bigger = ArrayPool<FieldRange>.Shared.Rent(fields.Length * 2);
                    fields.CopyTo(bigger);
                    if (rented is not null)
                    {
                        ArrayPool<FieldRange>.Shared.Return(rented);
                    }
                    rented = bigger;
                    fields = bigger;
                }

                var field = new FieldRange
                {
                    NameStart = (int)reader.TokenStartIndex,
                    NameEscaped = reader.ValueIsEscaped,
                    Kind = FieldKind.Raw,
                };
                var name = reader.ValueSpan;
                reader.Read();
                field.ValueStart = (int)reader.TokenStartIndex;

                if (name.SequenceEqual("id"u8))
                {
                    field.Kind = FieldKind.Id;
                    if (outcome.ProviderResponseId is null && reader.TokenType == JsonTokenType.String)
                    {
                        outcome.ProviderResponseId = reader.GetString();
                    }
                }
                else if (name.SequenceEqual("model"u8))
                {
                    if (outcome.ProviderModel is null && reader.TokenType == JsonTokenType.String)
                    {
                        outcome.ProviderModel = reader.GetString();
                    }
                }
                else if (name.SequenceEqual("provider"u8))
                {
                    field.Kind = FieldKind.Skip;
                }
                else if (name.SequenceEqual("error"u8) && reader.TokenType != JsonTokenType.Null)
                {
                    return OpenAiRewriteResult.ProviderError;
                }
                else if (name.SequenceEqual("usage"u8))
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        outcome.Usage = OpenAiUsageReader.Read(ref reader);
                        field.Kind = FieldKind.Usage;
                        hasUsage = true;
                    }
                    else
                    {
                        field.Kind = FieldKind.Skip;
                    }
                }
                else if (name.SequenceEqual("choices"u8) && reader.TokenType == JsonTokenType.StartArray)
                {
                    choicesEmpty = !ScanChoices(ref reader, outcome);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
                field.ValueEnd = (int)reader.BytesConsumed;
                fields[count++] = field;
            }

            if (hasUsage && choicesEmpty && dropUsageOnlyObject)
            {
                return OpenAiRewriteResult.Dropped;
            }

            writer.WriteStartObject();
            for (var i = 0; i < count; i++)
            {
                ref readonly var field = ref fields[i];
                switch (field.Kind)
                {
                    case FieldKind.Skip:
                        break;
                    case FieldKind.Id:
                        writer.WriteString("id"u8, context.ResponseId);
                        break;
                    case FieldKind.Usage when !writeUsage:
                        break;
                    case FieldKind.Usage when context.UsageCost is { } cost && outcome.Usage is { } usage:
                        writer.WritePropertyName("usage"u8);
                        UsageJsonWriter.WriteObjectWithCost(writer, json[field.ValueStart..field.ValueEnd], cost(usage));
                        break;
                    default:
                        WriteName(writer, json, field);
                        writer.WriteRawValue(json[field.ValueStart..field.ValueEnd], skipInputValidation: true);
                        break;
                }
            }
            writer.WriteString("provider"u8, context.ProviderId);
            writer.WriteEndObject();
            return OpenAiRewriteResult.Written;
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The provider's answer is not valid JSON.", ex);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<FieldRange>.Shared.Return(rented);
            }
        }
    }

    private static void WriteName(Utf8JsonWriter writer, ReadOnlySpan<byte> json, in FieldRange field)
    {
        var quoted = json[field.NameStart..];
        if (!field.NameEscaped)
        {
            var end = quoted[1..].IndexOf((byte)'"');
            writer.WritePropertyName(quoted.Slice(1, end));
            return;
        }
        var nameReader = new Utf8JsonReader(json[field.NameStart..field.ValueStart]);
        nameReader.Read();
        nameReader.Read();
        writer.WritePropertyName(nameReader.GetString()!);
    }

    /// <summary>Walks <c>choices</c> for finish reasons and generated text; returns false when it is empty.</summary>
    private static bool ScanChoices(ref Utf8JsonReader reader, ResponseOutcome outcome)
    {
        var scan = reader;
        var depth = scan.CurrentDepth;
        var any = false;
        while (scan.Read() && !(scan.TokenType == JsonTokenType.EndArray && scan.CurrentDepth == depth))
        {
            any = true;
            if (scan.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            if (scan.ValueTextEquals("finish_reason"u8))
            {
                scan.Read();
                if (scan.TokenType == JsonTokenType.String)
                {
                    outcome.FinishReason ??= KnownFinishReason(ref scan);
                }
            }
            else if (scan.ValueTextEquals("content"u8) || scan.ValueTextEquals("arguments"u8)
                || scan.ValueTextEquals("reasoning_content"u8) || scan.ValueTextEquals("reasoning"u8) || scan.ValueTextEquals("refusal"u8))
            {
                scan.Read();
                if (scan.TokenType == JsonTokenType.String && scan.ValueSpan.Length > 0)
                {
                    outcome.MarkFirstToken();
                    outcome.GeneratedBytes += scan.ValueSpan.Length;
                }
            }
        }
        return any;
    }

    private static string KnownFinishReason(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("stop"u8))
        {
            return FinishReasons.Stop;
        }
        if (reader.ValueTextEquals("length"u8))
        {
            return FinishReasons.Length;
        }
        if (reader.ValueTextEquals("tool_calls"u8))
        {
            return FinishReasons.ToolCalls;
        }
        return reader.ValueTextEquals("content_filter"u8) ? FinishReasons.ContentFilter : reader.GetString()!;
    }

    private enum FieldKind : byte
    {
        Raw,
        Skip,
        Id,
        Usage,
    }

    private struct FieldRange
    {
        public int NameStart;
        public int ValueStart;
        public int ValueEnd;
        public bool NameEscaped;
        public FieldKind Kind;
    }
}
