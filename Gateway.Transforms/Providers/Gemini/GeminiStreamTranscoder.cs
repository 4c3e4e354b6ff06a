using Gateway.Transforms.Streaming;

namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Converts <c>streamGenerateContent?alt=sse</c> to OpenAI chunks. Every event is a whole
/// <c>GenerateContentResponse</c> fragment: text parts become content (or reasoning) deltas, a function call
/// arrives whole and becomes a tool call start plus one arguments delta, candidates interleave by index.
/// Google sends no end marker: finish chunks follow each candidate's <c>finishReason</c>, and the usage chunk
/// (from the last <c>usageMetadata</c> seen; each one is cumulative) and <c>[DONE]</c> follow the end of the stream.
/// </summary>
internal sealed class GeminiStreamTranscoder : SseStreamTranscoder
{
    private readonly PooledByteBufferWriter _arguments = new(512);
    private readonly GeminiStringDecoder _strings = new();
    private ChoiceState[] _choices = new ChoiceState[1];
    private GeminiToolCallIds? _ids;
    private TokenUsage? _usage;
    private bool _sawResponse;

    public GeminiStreamTranscoder(ResponseContext context, ResponseOutcome outcome)
        : base(context, outcome)
    {
    }

    protected override void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (data.IsEmpty)
        {
            return;
        }
        try
        {
            Transcode(data, output);
        }
        catch (Exception ex) when (ex is JsonException or UpstreamFormatException)
        {
            FailWith(Malformed(), output);
        }
    }

    protected override void OnUpstreamEnd(IBufferWriter<byte> output)
    {
        if (!_sawResponse)
        {
            FailWith(new GatewayError(502, GatewayErrorTypes.Upstream,
                $"Provider '{Context.ProviderId}' ended the stream without an answer.", "upstream_empty_stream"), output);
            return;
        }
        var anyStarted = false;
        for (var i = 0; i < _choices.Length; i++)
        {
            ref var choice = ref _choices[i];
            if (!choice.Started)
            {
                continue;
            }
            anyStarted = true;
            if (!choice.Finished)
            {
                Finish(output, i, ref choice, GeminiFinishReason.None);
            }
        }
        if (!anyStarted)
        {
            // Only usage or metadata arrived: still give the client one well-formed, empty choice.
            ref var first = ref Choice(0);
            Start(output, 0, ref first);
            Finish(output, 0, ref first, GeminiFinishReason.Stop);
        }
        if (Context.IncludeUsage && _usage is { } usage)
        {
            Chunks.WriteUsage(output, usage);
        }
        ChatChunkWriter.WriteDone(output);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _arguments.Dispose();
            _strings.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Transcode(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var scan = GeminiResponseScanner.Scan(data);
        if (scan.Error is { } errorRange)
        {
            var reader = new Utf8JsonReader(data[errorRange]);
            reader.Read();
            var detail = GeminiErrorReader.ReadErrorValue(ref reader, out var code);
            FailWith(UpstreamErrorMapper.Map(code is >= 400 and <= 599 ? code : 502, detail, Context.ProviderId, null, null), output);
            return;
        }

        _sawResponse = true;
        ReadMetadata(data, scan);
        if (scan.Usage is { } usage)
        {
            _usage = usage;
            Outcome.Usage = usage;
        }

        var candidatesSeen = 0;
        if (scan.Candidates is { } candidatesRange)
        {
            var candidates = data[candidatesRange];
            var reader = new Utf8JsonReader(candidates, GeminiResponseScanner.ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var candidate = GeminiCandidateScanner.Scan(ref reader);
                WriteCandidate(output, candidates, candidate);
                candidatesSeen++;
            }
        }
        if (candidatesSeen == 0 && scan.PromptBlocked)
        {
            ref var choice = ref Choice(0);
            Start(output, 0, ref choice);
            if (!choice.Finished)
            {
                Finish(output, 0, ref choice, GeminiFinishReason.ContentFilter);
            }
        }
    }

    private void ReadMetadata(ReadOnlySpan<byte> data, in GeminiResponseScan scan)
    {
        if (scan.ModelVersion is { } modelRange)
        {
            // SetModel copies only when the name changes, so repeating it on every event costs nothing.
            var model = GeminiModelNames.Bare(_strings.Unescape(data[modelRange]));
            Chunks.SetModel(model);
            Outcome.ProviderModel ??= Encoding.UTF8.GetString(model);
        }
        if (Outcome.ProviderResponseId is null && scan.ResponseId is { } idRange)
        {
            Outcome.ProviderResponseId = _strings.Decode(data[idRange]);
        }
    }

    private void WriteCandidate(IBufferWriter<byte> output, ReadOnlySpan<byte> candidates, in GeminiCandidateScan candidate)
    {
        var index = candidate.Index;
        ref var choice = ref Choice(index);
        Start(output, index, ref choice);
        if (choice.Finished)
        {
            return;
        }
        if (candidate.Parts is { } partsRange)
        {
            var parts = candidates[partsRange];
            var reader = new Utf8JsonReader(parts, GeminiResponseScanner.ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var part = GeminiPartScanner.Scan(ref reader);
                if (part.Kind == GeminiPartKind.Text)
                {
                    WriteText(output, index, parts, part);
                }
                else if (part.Kind == GeminiPartKind.FunctionCall)
                {
                    WriteFunctionCall(output, index, ref choice, parts, part);
                }
            }
        }
        if (candidate.Finish != GeminiFinishReason.None)
        {
            Finish(output, index, ref choice, candidate.Finish);
        }
    }

    private void WriteText(IBufferWriter<byte> output, int index, ReadOnlySpan<byte> parts, in GeminiPartScan part)
    {
        var text = _strings.Unescape(parts[part.Text]);
        if (text.IsEmpty)
        {
            // Gemini sends empty text parts (for example to carry a thought signature); they say nothing.
            return;
        }
        if (part.Thought)
        {
            Chunks.WriteReasoning(output, index, text);
        }
        else
        {
            Chunks.WriteText(output, index, text);
        }
        Outcome.MarkFirstToken();
        Outcome.GeneratedBytes += text.Length;
    }

    private void WriteFunctionCall(IBufferWriter<byte> output, int index, ref ChoiceState choice, ReadOnlySpan<byte> parts, in GeminiPartScan part)
    {
        _ids ??= new GeminiToolCallIds(Outcome.ProviderResponseId ?? Context.ResponseId);
        var toolIndex = choice.ToolCalls++;
        Chunks.WriteToolCallStart(output, index, toolIndex, _ids.Create(index, toolIndex), _strings.Unescape(parts[part.Name]));

        _arguments.Reset();
        if (part.Args is { } args)
        {
            GeminiJsonMinifier.Write(parts[args], _arguments);
        }
        else
        {
            _arguments.Write("{}"u8);
        }
        Chunks.WriteToolCallArguments(output, index, toolIndex, _arguments.WrittenSpan);
        Outcome.MarkFirstToken();
        Outcome.GeneratedBytes += _arguments.WrittenCount;
    }

    private void Start(IBufferWriter<byte> output, int index, ref ChoiceState choice)
    {
        if (choice.Started)
        {
            return;
        }
        Chunks.WriteRole(output, index);
        choice.Started = true;
    }

    private void Finish(IBufferWriter<byte> output, int index, ref ChoiceState choice, GeminiFinishReason reason)
    {
        var finishReason = GeminiFinishReasons.ToOpenAi(reason, choice.ToolCalls > 0);
        Chunks.WriteFinish(output, index, FinishReasons.Utf8(finishReason));
        choice.Finished = true;
        if (index == 0 || Outcome.FinishReason is null)
        {
            Outcome.FinishReason = finishReason;
        }
    }

    private ref ChoiceState Choice(int index)
    {
        if (index >= _choices.Length)
        {
            Array.Resize(ref _choices, Math.Max(index + 1, _choices.Length * 2));
        }
        return ref _choices[index];
    }

    private struct ChoiceState
    {
        public bool Started;
        public bool Finished;
        public int ToolCalls;
    }
}
