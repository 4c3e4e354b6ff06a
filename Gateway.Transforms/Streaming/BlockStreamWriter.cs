using Gateway.Transforms.Providers;

namespace Gateway.Transforms.Streaming;

/// <summary>
/// Writes the one choice of a streamed answer made of content blocks (Anthropic's Messages API, Bedrock's Converse) as
/// OpenAI chunks: the role once, before anything else; text and reasoning; and the blocks that carry tool input, by the
/// provider's block index, each a client's tool call (numbered as they start, as OpenAI numbers them) or the
/// <see cref="JsonAnswerTool"/>, whose input is the answer's content. Every piece of output marks the first token and
/// counts its bytes. Allocates nothing once the block table has grown to the answer's highest tool block index.
/// </summary>
internal sealed class BlockStreamWriter
{
    private readonly ChatChunkWriter _chunks;
    private readonly ResponseOutcome _outcome;
    private Block[] _blocks = new Block[8];
    private bool _roleWritten;

    public BlockStreamWriter(ChatChunkWriter chunks, ResponseOutcome outcome)
    {
        _chunks = chunks;
        _outcome = outcome;
    }

    private enum BlockKind : byte
    {
        None,
        ToolCall,
        Answer,
    }

    /// <summary>How many client tool calls have started (the answer tool's is not one).</summary>
    public int ToolCalls { get; private set; }

    public void EnsureRole(IBufferWriter<byte> output)
    {
        if (!_roleWritten)
        {
            _chunks.WriteRole(output, 0);
            _roleWritten = true;
        }
    }

    public void WriteText(IBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        EnsureRole(output);
        _chunks.WriteText(output, 0, text);
        Generated(text.Length);
    }

    public void WriteReasoning(IBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        EnsureRole(output);
        _chunks.WriteReasoning(output, 0, text);
        Generated(text.Length);
    }

    /// <summary>Forgets what block <paramref name="index"/> was: a provider numbers its blocks afresh in each answer.</summary>
    public void ResetBlock(int index)
    {
        if (index >= 0 && index < _blocks.Length)
        {
            _blocks[index] = default;
        }
    }

    /// <summary>Starts block <paramref name="index"/> as the answer tool's call: its input is content.</summary>
    public void StartAnswer(int index) => Slot(index) = new Block(BlockKind.Answer, 0);

    /// <summary>Starts block <paramref name="index"/> as a client's tool call and writes the call's opening chunk.</summary>
    public void StartToolCall(IBufferWriter<byte> output, int index, ReadOnlySpan<byte> id, ReadOnlySpan<byte> name)
    {
        var toolIndex = ToolCalls++;
        Slot(index) = new Block(BlockKind.ToolCall, toolIndex);
        EnsureRole(output);
        _chunks.WriteToolCallStart(output, 0, toolIndex, id, name);
        _outcome.MarkFirstToken();
    }

    /// <summary>
    /// Writes a fragment of block <paramref name="index"/>'s tool input: tool-call arguments, or for the answer tool,
    /// content. False when no tool call was started at that index.
    /// </summary>
    public bool WriteToolInput(IBufferWriter<byte> output, int index, ReadOnlySpan<byte> fragment)
    {
        if (index < 0 || index >= _blocks.Length || _blocks[index].Kind == BlockKind.None)
        {
            return false;
        }
        if (fragment.IsEmpty)
        {
            return true;
        }
        ref var block = ref _blocks[index];
        block.HasInput = true;
        if (block.Kind == BlockKind.Answer)
        {
            WriteText(output, fragment);
        }
        else
        {
            _chunks.WriteToolCallArguments(output, 0, block.ToolIndex, fragment);
            Generated(fragment.Length);
        }
        return true;
    }

    /// <summary>
    /// Ends block <paramref name="index"/>. A tool called without arguments streams no fragments; clients parse the
    /// arguments, and "" is not JSON, so such a call gets <c>{}</c>.
    /// </summary>
    public void EndBlock(IBufferWriter<byte> output, int index)
    {
        if (index < 0 || index >= _blocks.Length)
        {
            return;
        }
        if (!_blocks[index].HasInput)
        {
            WriteToolInput(output, index, "{}"u8);
        }
        _blocks[index] = default;
    }

    private void Generated(int bytes)
    {
        _outcome.MarkFirstToken();
        _outcome.GeneratedBytes += bytes;
    }

    private ref Block Slot(int index)
    {
        if (index >= _blocks.Length)
        {
            Array.Resize(ref _blocks, Math.Max(index + 1, _blocks.Length * 2));
        }
        return ref _blocks[index];
    }

    private struct Block
    {
        public BlockKind Kind;
        public int ToolIndex;
        public bool HasInput;

        public Block(BlockKind kind, int toolIndex)
        {
            Kind = kind;
            ToolIndex = toolIndex;
        }
    }
}
