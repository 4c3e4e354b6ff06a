using System.Runtime.InteropServices;
using System.Text.Json;
using Gateway.Proxy.Options;
using Gateway.Transforms.OpenAI;
using Microsoft.Extensions.Options;

namespace Gateway.Proxy.Usage;

/// <summary>
/// Estimates tokens from UTF-8 byte counts: <see cref="UsageOptions.EstimatorBytesPerToken"/> bytes per token (about 4
/// for English prose with OpenAI's o200k and cl100k vocabularies, fewer for code and non-Latin scripts), plus the
/// per-message overheads of OpenAI's chat format. Only runs when a provider reported no usage, never per chunk.
/// </summary>
internal sealed class ByteRatioTokenEstimator : ITokenEstimator
{
    /// <summary>Each message costs a few tokens of framing (role, separators), as OpenAI's token counting guide gives it.</summary>
    private const int TokensPerMessage = 3;

    /// <summary>The assistant reply is primed with a few tokens.</summary>
    private const int ReplyPrimingTokens = 3;

    /// <summary>A 1024×1024 image at OpenAI's high detail (4 tiles × 170 + 85): the common case of "auto".</summary>
    private const int TokensPerImage = 765;

    private readonly IOptionsMonitor<UsageOptions> _options;

    public ByteRatioTokenEstimator(IOptionsMonitor<UsageOptions> options)
    {
        _options = options;
    }

    public int EstimatePromptTokens(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = request.Root;
        long bytes = 0;
        var fixedTokens = ReplyPrimingTokens;
        if (root.TryGetProperty("messages"u8, out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                fixedTokens += TokensPerMessage;
                bytes += MessageBytes(message, ref fixedTokens);
            }
        }
        // Tool definitions are sent to the model as text; their JSON is a fair stand-in for it.
        if (root.TryGetProperty("tools"u8, out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            bytes += JsonMarshal.GetRawUtf8Value(tools).Length;
        }
        return fixedTokens + Tokens(bytes);
    }

    public int EstimateCompletionTokens(long generatedBytes) => generatedBytes <= 0 ? 0 : Tokens(generatedBytes);

    private int Tokens(long bytes)
    {
        var estimate = Math.Ceiling(bytes / _options.CurrentValue.EstimatorBytesPerToken);
        return estimate >= int.MaxValue ? int.MaxValue : (int)estimate;
    }

    private static long MessageBytes(JsonElement message, ref int fixedTokens)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }
        long bytes = 0;
        if (message.TryGetProperty("content"u8, out var content))
        {
            if (content.ValueKind == JsonValueKind.String)
            {
                bytes += StringBytes(content);
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }
                    if (part.TryGetProperty("text"u8, out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        bytes += StringBytes(text);
                    }
                    else if (part.TryGetProperty("image_url"u8, out _))
                    {
                        fixedTokens += TokensPerImage;
                    }
                }
            }
        }
        if (message.TryGetProperty("tool_calls"u8, out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                if (call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function"u8, out var function) && function.ValueKind == JsonValueKind.Object)
                {
                    bytes += function.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String ? StringBytes(name) : 0;
                    bytes += function.TryGetProperty("arguments"u8, out var arguments) && arguments.ValueKind == JsonValueKind.String ? StringBytes(arguments) : 0;
                }
            }
        }
        return bytes;
    }

    /// <summary>The string's bytes as sent (escapes included: close enough, and no copy).</summary>
    private static int StringBytes(JsonElement value) => Math.Max(0, JsonMarshal.GetRawUtf8Value(value).Length - 2);
}
