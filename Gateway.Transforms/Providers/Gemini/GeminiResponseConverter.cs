namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Converts a whole <c>GenerateContentResponse</c> to an OpenAI <c>chat.completion</c>: one choice per candidate
/// (its index kept), text parts joined, thought parts as <c>reasoning_content</c>, function calls as
/// <c>tool_calls</c>. A refused prompt (no candidates, <c>promptFeedback.blockReason</c>) becomes one empty
/// choice finished by <c>content_filter</c>.
/// </summary>
internal static class GeminiResponseConverter
{
    public static void Convert(ReadOnlySpan<byte> body, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            ConvertCore(body, context, outcome, output);
        }
        catch (JsonException ex)
        {
            throw new UpstreamFormatException("The provider's answer is not valid JSON.", ex);
        }
    }

    private static void ConvertCore(ReadOnlySpan<byte> body, ResponseContext context, ResponseOutcome outcome, IBufferWriter<byte> output)
    {
        var scan = GeminiResponseScanner.Scan(body);
        if (scan.Error is not null)
        {
            throw new UpstreamFormatException("The provider answered 2xx with an error object.");
        }

        using var strings = new GeminiStringDecoder();
        if (scan.ResponseId is { } responseId)
        {
            outcome.ProviderResponseId ??= strings.Decode(body[responseId]);
        }
        if (scan.ModelVersion is { } modelVersion)
        {
            outcome.ProviderModel ??= GeminiModelNames.Decode(body[modelVersion], strings);
        }
        if (scan.Usage is { } usage)
        {
            outcome.Usage = usage;
        }

        using var json = new Utf8JsonWriter(output, JsonWriting.Options);
        ChatCompletionWriter.WriteStart(json, context, outcome.ProviderModel ?? context.Model);

        var choices = 0;
        if (scan.Candidates is { } candidatesRange)
        {
            using var choice = new ChoiceWriter(json, strings, outcome, new GeminiToolCallIds(outcome.ProviderResponseId ?? context.ResponseId));
            var candidates = body[candidatesRange];
            var reader = new Utf8JsonReader(candidates, GeminiResponseScanner.ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var candidate = GeminiCandidateScanner.Scan(ref reader);
                choice.Write(candidates, candidate);
                choices++;
            }
        }
        if (choices == 0)
        {
            WriteEmptyChoice(json, outcome, scan.PromptBlocked ? FinishReasons.ContentFilter : FinishReasons.Stop);
        }
        ChatCompletionWriter.WriteEnd(json, scan.Usage);
    }

    private static void WriteEmptyChoice(Utf8JsonWriter json, ResponseOutcome outcome, string finishReason)
    {
        ChatCompletionWriter.WriteChoiceStart(json, 0);
        json.WriteString("content"u8, ""u8);
        ChatCompletionWriter.WriteChoiceEnd(json, finishReason);
        outcome.FinishReason = finishReason;
    }

    /// <summary>Writes one choice per candidate, reusing its buffers across candidates.</summary>
    private sealed class ChoiceWriter : IDisposable
    {
        private readonly Utf8JsonWriter _json;
        private readonly GeminiStringDecoder _strings;
        private readonly ResponseOutcome _outcome;
        private readonly GeminiToolCallIds _ids;
        private readonly PooledByteBufferWriter _text = new(1024);
        private readonly PooledByteBufferWriter _reasoning = new(256);
        private readonly PooledByteBufferWriter _arguments = new(256);

        public ChoiceWriter(Utf8JsonWriter json, GeminiStringDecoder strings, ResponseOutcome outcome, GeminiToolCallIds ids)
        {
            _json = json;
            _strings = strings;
            _outcome = outcome;
            _ids = ids;
        }

        public void Write(ReadOnlySpan<byte> candidates, in GeminiCandidateScan candidate)
        {
            _text.Reset();
            _reasoning.Reset();
            var parts = candidate.Parts is { } range ? candidates[range] : default;
            var toolCalls = CollectText(parts);
            var finishReason = GeminiFinishReasons.ToOpenAi(candidate.Finish, toolCalls > 0);

            ChatCompletionWriter.WriteChoiceStart(_json, candidate.Index);
            if (toolCalls > 0 && _text.WrittenCount == 0)
            {
                _json.WriteNull("content"u8);
            }
            else
            {
                _json.WriteString("content"u8, _text.WrittenSpan);
            }
            ChatCompletionWriter.WriteReasoning(_json, _reasoning.WrittenSpan);
            if (toolCalls > 0)
            {
                WriteToolCalls(parts, candidate.Index);
            }
            ChatCompletionWriter.WriteChoiceEnd(_json, finishReason);

            var generated = _text.WrittenCount + _reasoning.WrittenCount;
            _outcome.GeneratedBytes += generated;
            if (generated > 0 || toolCalls > 0)
            {
                _outcome.MarkFirstToken();
            }
            if (candidate.Index == 0 || _outcome.FinishReason is null)
            {
                _outcome.FinishReason = finishReason;
            }
        }

        public void Dispose()
        {
            _text.Dispose();
            _reasoning.Dispose();
            _arguments.Dispose();
        }

        /// <summary>Joins the text and thought parts; returns how many function calls there are.</summary>
        private int CollectText(ReadOnlySpan<byte> parts)
        {
            if (parts.IsEmpty)
            {
                return 0;
            }
            var toolCalls = 0;
            var reader = new Utf8JsonReader(parts, GeminiResponseScanner.ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var part = GeminiPartScanner.Scan(ref reader);
                if (part.Kind == GeminiPartKind.Text)
                {
                    (part.Thought ? _reasoning : _text).Write(_strings.Unescape(parts[part.Text]));
                }
                else if (part.Kind == GeminiPartKind.FunctionCall)
                {
                    toolCalls++;
                }
            }
            return toolCalls;
        }

        private void WriteToolCalls(ReadOnlySpan<byte> parts, int choice)
        {
            _json.WritePropertyName("tool_calls"u8);
            _json.WriteStartArray();
            var reader = new Utf8JsonReader(parts, GeminiResponseScanner.ReaderOptions);
            reader.Read();
            var toolIndex = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var part = GeminiPartScanner.Scan(ref reader);
                if (part.Kind != GeminiPartKind.FunctionCall)
                {
                    continue;
                }
                _arguments.Reset();
                if (part.Args is { } args)
                {
                    GeminiJsonMinifier.Write(parts[args], _arguments);
                }
                else
                {
                    _arguments.Write("{}"u8);
                }
                _outcome.GeneratedBytes += _arguments.WrittenCount;

                _json.WriteStartObject();
                _json.WriteString("id"u8, _ids.Create(choice, toolIndex));
                _json.WriteString("type"u8, "function"u8);
                _json.WritePropertyName("function"u8);
                _json.WriteStartObject();
                _json.WriteString("name"u8, _strings.Unescape(parts[part.Name]));
                _json.WriteString("arguments"u8, _arguments.WrittenSpan);
                _json.WriteEndObject();
                _json.WriteEndObject();
                toolIndex++;
            }
            _json.WriteEndArray();
        }
    }
}
