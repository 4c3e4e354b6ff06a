using System.Buffers;
using System.Text.Json;
using Gateway.Transforms.Adapters;
using Gateway.Transforms.OpenAI;
using Gateway.Transforms.Usage;

namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Rewrites an OpenAI completion or chunk: the gateway's id and provider replace the provider's, usage and
/// finish reason are recorded, and every other field is copied byte for byte (the choices are re-tokenized only to
/// mirror reasoning, see <see cref="OpenAiRewriteOptions.MirrorReasoning"/>). Two passes over one tokenization:
/// the first finds the top-level fields, the second writes them.
/// </summary>
public static class OpenAiResponseRewriter
{
    private const int InlineFields = 24;

    public static OpenAiRewriteResult Rewrite(
        ReadOnlySpan<byte> json, ResponseContext context, ResponseOutcome outcome, Utf8JsonWriter writer, bool writeUsage, bool dropUsageOnlyObject) =>
        Rewrite(json, context, outcome, writer,
            (writeUsage ? OpenAiRewriteOptions.WriteUsage : OpenAiRewriteOptions.None)
            | (dropUsageOnlyObject ? OpenAiRewriteOptions.DropUsageOnlyChunk : OpenAiRewriteOptions.None));

    public static OpenAiRewriteResult Rewrite(
        ReadOnlySpan<byte> json, ResponseContext context, ResponseOutcome outcome, Utf8JsonWriter writer, OpenAiRewriteOptions options)
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
            var choices = default(ChoicesScan);
            var hasUsage = false;
            TokenUsage? providerExtensionUsage = null;
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
                    choices = ScanChoices(ref reader, outcome);
                    if (choices.NeedsReasoningMirror && options.HasFlag(OpenAiRewriteOptions.MirrorReasoning))
                    {
                        field.Kind = FieldKind.MirroredChoices;
                    }
                }
                else if (name.SequenceEqual("x_groq"u8) && reader.TokenType == JsonTokenType.StartObject)
                {
                    // Groq reports a stream's usage here, on the finishing chunk, whether or not it was asked for.
                    providerExtensionUsage = ReadNestedUsage(ref reader) ?? providerExtensionUsage;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
                field.ValueEnd = (int)reader.BytesConsumed;
                fields[count++] = field;
            }

            if (!hasUsage && providerExtensionUsage is { } extensionUsage)
            {
                outcome.Usage = extensionUsage;
            }
            if (hasUsage && !choices.Any && options.HasFlag(OpenAiRewriteOptions.DropUsageOnlyChunk))
            {
                return OpenAiRewriteResult.Dropped;
            }
            if (!hasUsage && !choices.CarriesContent && options.HasFlag(OpenAiRewriteOptions.DropMetadataOnlyChunk))
            {
                return OpenAiRewriteResult.Dropped;
            }
            var writeUsage = options.HasFlag(OpenAiRewriteOptions.WriteUsage);

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
                    case FieldKind.MirroredChoices:
                        writer.WritePropertyName("choices"u8);
                        OpenAiReasoningMirror.WriteChoices(json[field.ValueStart..field.ValueEnd], writer);
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

    /// <summary>
    /// Walks <c>choices</c> for finish reasons and generated text, and notes whether any choice carries a delta, a message
    /// or a finish reason, and whether a delta or message carries reasoning under one name only.
    /// </summary>
    private static ChoicesScan ScanChoices(ref Utf8JsonReader reader, ResponseOutcome outcome)
    {
        var scan = reader;
        var depth = scan.CurrentDepth;
        var result = default(ChoicesScan);
        var inContent = false;
        var reasoningNames = 0;
        while (scan.Read() && !(scan.TokenType == JsonTokenType.EndArray && scan.CurrentDepth == depth))
        {
            result.Any = true;
            if (inContent && scan.TokenType == JsonTokenType.EndObject && scan.CurrentDepth == depth + 2)
            {
                inContent = false;
                result.NeedsReasoningMirror |= reasoningNames is 1 or 2;
                continue;
            }
            if (scan.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            if (scan.CurrentDepth == depth + 2 && (scan.ValueTextEquals("delta"u8) || scan.ValueTextEquals("message"u8)))
            {
                scan.Read();
                if (scan.TokenType == JsonTokenType.StartObject)
                {
                    result.CarriesContent = true;
                    inContent = true;
                    reasoningNames = 0;
                }
                continue;
            }
            if (scan.ValueTextEquals("finish_reason"u8))
            {
                scan.Read();
                if (scan.TokenType == JsonTokenType.String)
                {
                    result.CarriesContent = true;
                    outcome.FinishReason ??= KnownFinishReason(ref scan);
                }
                continue;
            }
            var isReasoningContent = inContent && scan.CurrentDepth == depth + 3 && scan.ValueTextEquals("reasoning_content"u8);
            var isReasoning = inContent && scan.CurrentDepth == depth + 3 && scan.ValueTextEquals("reasoning"u8);
            // A legacy completion's choice carries its text as "text".
            var isCompletionText = scan.CurrentDepth == depth + 2 && scan.ValueTextEquals("text"u8);
            if (isCompletionText || scan.ValueTextEquals("content"u8) || scan.ValueTextEquals("arguments"u8)
                || scan.ValueTextEquals("reasoning_content"u8) || scan.ValueTextEquals("reasoning"u8) || scan.ValueTextEquals("refusal"u8))
            {
                scan.Read();
                if (scan.TokenType == JsonTokenType.String)
                {
                    // Bit 1: reasoning_content, bit 2: reasoning; exactly one set means the other name is missing.
                    reasoningNames |= isReasoningContent ? 1 : isReasoning ? 2 : 0;
                    if (scan.ValueSpan.Length > 0)
                    {
                        outcome.MarkFirstToken();
                        outcome.GeneratedBytes += scan.ValueSpan.Length;
                    }
                }
            }
        }
        return result;
    }

    /// <summary>Finds a <c>usage</c> object inside a provider's extension object (the reader is on its StartObject; it ends on its EndObject).</summary>
    private static TokenUsage? ReadNestedUsage(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        TokenUsage? usage = null;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    usage = OpenAiUsageReader.Read(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        return usage;
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
        MirroredChoices,
    }

    private struct ChoicesScan
    {
        public bool Any;
        public bool CarriesContent;
        public bool NeedsReasoningMirror;
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
