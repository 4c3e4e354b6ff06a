namespace Gateway.Transforms.Providers.OpenAi;

/// <summary>
/// Rewrites an OpenAI completion or chunk: the gateway's id and provider replace the provider's, usage and
/// finish reason are recorded, and every other field is copied byte for byte (the choices are re-tokenized only to
/// mirror reasoning, see <see cref="OpenAiRewriteOptions.MirrorReasoning"/>). Two passes over one tokenization:
/// the first finds the top-level fields, the second writes them. For a stream's chunk the second pass can splice:
/// <see cref="RewriteEvent"/> copies the chunk's bytes around the replaced id and provider straight into the output,
/// which is byte for byte what the writer would produce, without re-serialising the chunk.
/// </summary>
internal static class OpenAiResponseRewriter
{
    // The fields of a chunk (7–10 from OpenAI) fit without renting.
    private const int InlineFields = 24;

    /// <summary>Property names the writer copies unchanged (no escaping under any encoder): these may be spliced.</summary>
    private static readonly SearchValues<byte> PlainNameBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-."u8);

    public static OpenAiRewriteResult Rewrite(
        ReadOnlySpan<byte> json, ResponseContext context, ResponseOutcome outcome, Utf8JsonWriter writer, bool writeUsage, bool dropUsageOnlyObject) =>
        Rewrite(json, context, outcome, writer,
            (writeUsage ? OpenAiRewriteOptions.WriteUsage : OpenAiRewriteOptions.None)
            | (dropUsageOnlyObject ? OpenAiRewriteOptions.DropUsageOnlyChunk : OpenAiRewriteOptions.None));

    public static OpenAiRewriteResult Rewrite(
        ReadOnlySpan<byte> json, ResponseContext context, ResponseOutcome outcome, Utf8JsonWriter writer, OpenAiRewriteOptions options) =>
        Rewrite(json, context, outcome, writer, options, null, null);

    /// <summary>
    /// Rewrites one stream chunk. When every field can be copied as the provider sent it (the common chunk: no usage cost
    /// to add, no reasoning to mirror, plain field names), writes the whole SSE event (<c>data: {…}\n\n</c>) to
    /// <paramref name="output"/> and answers <see cref="OpenAiRewriteResult.Spliced"/>; otherwise writes the object
    /// with <paramref name="writer"/> as <see cref="Rewrite(ReadOnlySpan{byte}, ResponseContext, ResponseOutcome, Utf8JsonWriter, OpenAiRewriteOptions)"/> does.
    /// </summary>
    public static OpenAiRewriteResult RewriteEvent(
        ReadOnlySpan<byte> json, ResponseContext context, ResponseOutcome outcome, Utf8JsonWriter writer, OpenAiRewriteOptions options,
        OpenAiChunkSplice splice, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(splice);
        ArgumentNullException.ThrowIfNull(output);
        return TryWriteSameShape(json, outcome, splice, output)
            ? OpenAiRewriteResult.Spliced
            : Rewrite(json, context, outcome, writer, options, splice, output);
    }

    /// <summary>
    /// The common chunk: the stream's last remembered chunk (<see cref="OpenAiChunkShape"/>) with other text in its content
    /// string. Writes its event, records the text as reading the chunk would, and answers true; false, having done
    /// nothing, for any other chunk. A chunk it takes is valid UTF-8 and JSON: its other bytes are those of one that was read.
    /// </summary>
    public static bool TryWriteSameShape(ReadOnlySpan<byte> json, ResponseOutcome outcome, OpenAiChunkSplice splice, IBufferWriter<byte> output)
    {
        if (!splice.Shape.TryWrite(json, output, out var text))
        {
            return false;
        }
        if (!text.IsEmpty)
        {
            outcome.MarkFirstToken();
            outcome.GeneratedBytes += text.Length;
        }
        return true;
    }

    private static OpenAiRewriteResult Rewrite(
        ReadOnlySpan<byte> json, ResponseContext context, ResponseOutcome outcome, Utf8JsonWriter writer, OpenAiRewriteOptions options,
        OpenAiChunkSplice? splice, IBufferWriter<byte>? output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(writer);

        OpenAiChunkField[]? rented = null;
        Span<OpenAiChunkField> fields = stackalloc OpenAiChunkField[InlineFields];
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new UpstreamFormatException("The provider's answer is not a JSON object.");
            }

            var count = 0;
            var spliceable = splice is not null;
            var choices = default(ChoicesScan);
            var hasUsage = false;
            TokenUsage? providerExtensionUsage = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (count == fields.Length)
                {
                    var bigger = ArrayPool<OpenAiChunkField>.Shared.Rent(fields.Length * 2);
                    fields.CopyTo(bigger);
                    if (rented is not null)
                    {
                        ArrayPool<OpenAiChunkField>.Shared.Return(rented);
                    }
                    rented = bigger;
                    fields = bigger;
                }

                var field = new OpenAiChunkField
                {
                    NameStart = (int)reader.TokenStartIndex,
                    NameEscaped = reader.ValueIsEscaped,
                    Kind = OpenAiChunkFieldKind.Raw,
                };
                var name = reader.ValueSpan;
                field.NameLength = name.Length;
                spliceable &= !field.NameEscaped && !name.ContainsAnyExcept(PlainNameBytes);
                reader.Read();
                field.ValueStart = (int)reader.TokenStartIndex;

                if (name.SequenceEqual("id"u8))
                {
                    field.Kind = OpenAiChunkFieldKind.Id;
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
                    field.Kind = OpenAiChunkFieldKind.Skip;
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
                        field.Kind = OpenAiChunkFieldKind.Usage;
                        hasUsage = true;
                    }
                    else
                    {
                        field.Kind = OpenAiChunkFieldKind.Skip;
                    }
                }
                else if (name.SequenceEqual("choices"u8) && reader.TokenType == JsonTokenType.StartArray)
                {
                    choices = ScanChoices(ref reader, outcome);
                    if (choices.NeedsReasoningMirror && options.HasFlag(OpenAiRewriteOptions.MirrorReasoning))
                    {
                        field.Kind = OpenAiChunkFieldKind.MirroredChoices;
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
            // A chunk whose one generated string is its content becomes the shape the next chunks are matched against.
            var remember = choices.Strings == 1 && choices.ContentStart > 0 && !hasUsage && providerExtensionUsage is null;
            if (spliceable && Splice(json, fields[..count], writeUsage && context.UsageCost is null, writeUsage, splice!, output!,
                    remember ? choices.ContentStart : 0, choices.ContentEnd))
            {
                return OpenAiRewriteResult.Spliced;
            }

            writer.WriteStartObject();
            for (var i = 0; i < count; i++)
            {
                ref readonly var field = ref fields[i];
                switch (field.Kind)
                {
                    case OpenAiChunkFieldKind.Skip:
                        break;
                    case OpenAiChunkFieldKind.Id:
                        writer.WriteString("id"u8, context.ResponseId);
                        break;
                    case OpenAiChunkFieldKind.Usage when !writeUsage:
                        break;
                    case OpenAiChunkFieldKind.MirroredChoices:
                        writer.WritePropertyName("choices"u8);
                        OpenAiReasoningMirror.WriteChoices(json[field.ValueStart..field.ValueEnd], writer);
                        break;
                    case OpenAiChunkFieldKind.Usage when context.UsageCost is { } cost && outcome.Usage is { } usage:
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
                ArrayPool<OpenAiChunkField>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Writes the event as the writer would have written the object (no whitespace between top-level tokens, the id and
    /// provider replaced, usage dropped or copied) by copying the provider's bytes; false, having written nothing, when a
    /// field needs the writer. With a <paramref name="contentStart"/>, the stream's shape remembers the chunk and its event.
    /// </summary>
    private static bool Splice(
        ReadOnlySpan<byte> json, ReadOnlySpan<OpenAiChunkField> fields, bool copyUsage, bool writeUsage, OpenAiChunkSplice splice, IBufferWriter<byte> output,
        int contentStart = 0, int contentEnd = 0)
    {
        // Everything written is at most the input plus the new id, the provider and the framing.
        var length = "data: {"u8.Length + 1 + "\n\n"u8.Length + splice.ProviderField.Length;
        foreach (ref readonly var field in fields)
        {
            switch (field.Kind)
            {
                case OpenAiChunkFieldKind.MirroredChoices:
                    return false;
                case OpenAiChunkFieldKind.Usage when writeUsage && !copyUsage:
                    return false;
                case OpenAiChunkFieldKind.Id:
                    length += splice.IdField.Length + 1;
                    break;
                default:
                    length += field.ValueEnd - field.NameStart + 1;
                    break;
            }
        }

        var span = output.GetSpan(length);
        "data: {"u8.CopyTo(span);
        var at = "data: {"u8.Length;
        var writtenContentStart = 0;
        foreach (ref readonly var field in fields)
        {
            switch (field.Kind)
            {
                case OpenAiChunkFieldKind.Skip:
                case OpenAiChunkFieldKind.Usage when !writeUsage:
                    continue;
                case OpenAiChunkFieldKind.Id:
                    splice.IdField.CopyTo(span[at..]);
                    at += splice.IdField.Length;
                    break;
                default:
                    var quotedName = json.Slice(field.NameStart, field.NameLength + 2);
                    quotedName.CopyTo(span[at..]);
                    at += quotedName.Length;
                    span[at++] = (byte)':';
                    var value = json[field.ValueStart..field.ValueEnd];
                    value.CopyTo(span[at..]);
                    if (contentStart >= field.ValueStart && contentStart < field.ValueEnd)
                    {
                        writtenContentStart = at + contentStart - field.ValueStart;
                    }
                    at += value.Length;
                    break;
            }
            span[at++] = (byte)',';
        }
        splice.ProviderField.CopyTo(span[at..]);
        at += splice.ProviderField.Length;
        "}\n\n"u8.CopyTo(span[at..]);
        at += 3;
        if (contentStart > 0)
        {
            splice.Shape.Remember(json, contentStart, contentEnd, span[..at], writtenContentStart);
        }
        output.Advance(at);
        return true;
    }

    private static void WriteName(Utf8JsonWriter writer, ReadOnlySpan<byte> json, in OpenAiChunkField field)
    {
        if (!field.NameEscaped)
        {
            writer.WritePropertyName(json.Slice(field.NameStart + 1, field.NameLength));
            return;
        }
        // The quoted name alone is a JSON string the reader can unescape (the name and colon together are not JSON).
        var nameReader = new Utf8JsonReader(json.Slice(field.NameStart, field.NameLength + 2));
        nameReader.Read();
        writer.WritePropertyName(nameReader.GetString()!);
    }

    /// <summary>
    /// Walks <c>choices</c> for finish reasons and generated text, and notes whether any choice carries a delta, a message
    /// or a finish reason, and whether a delta or message carries reasoning under one name only.
    /// </summary>
    private static ChoicesScan ScanChoices(ref Utf8JsonReader reader, ResponseOutcome outcome)
    {
        // On a copy of the reader, which then replaces it once it stands on the array's end: the array is read once.
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
            // Each name compared once: a field of a delta or message counts for the reasoning names and the content's place.
            var inDelta = inContent && scan.CurrentDepth == depth + 3;
            var isContent = scan.ValueTextEquals("content"u8);
            var isReasoningContent = scan.ValueTextEquals("reasoning_content"u8);
            var isReasoning = scan.ValueTextEquals("reasoning"u8);
            // A legacy completion's choice carries its text as "text".
            var isCompletionText = scan.CurrentDepth == depth + 2 && scan.ValueTextEquals("text"u8);
            if (isCompletionText || isContent || isReasoningContent || isReasoning || scan.ValueTextEquals("arguments"u8)
                || scan.ValueTextEquals("refusal"u8))
            {
                scan.Read();
                if (scan.TokenType == JsonTokenType.String)
                {
                    // Bit 1: reasoning_content, bit 2: reasoning; exactly one set means the other name is missing.
                    reasoningNames |= !inDelta ? 0 : isReasoningContent ? 1 : isReasoning ? 2 : 0;
                    result.Strings++;
                    if (inDelta && isContent)
                    {
                        // The token starts at the opening quote; the raw bytes (escapes as sent) follow it.
                        result.ContentStart = (int)scan.TokenStartIndex + 1;
                        result.ContentEnd = result.ContentStart + scan.ValueSpan.Length;
                    }
                    if (scan.ValueSpan.Length > 0)
                    {
                        outcome.MarkFirstToken();
                        outcome.GeneratedBytes += scan.ValueSpan.Length;
                    }
                }
            }
        }
        if (scan.TokenType == JsonTokenType.EndArray && scan.CurrentDepth == depth)
        {
            reader = scan;
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

    private struct ChoicesScan
    {
        public bool Any;
        public bool CarriesContent;
        public bool NeedsReasoningMirror;

        /// <summary>Generated strings seen (content, arguments, reasoning, refusal, text).</summary>
        public int Strings;

        /// <summary>The bytes of a delta's or message's <c>content</c> string between its quotes (start 0: none).</summary>
        public int ContentStart;

        public int ContentEnd;
    }
}
