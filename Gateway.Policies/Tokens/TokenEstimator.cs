using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gateway.Policies.Tokens;

/// <summary>
/// Estimates the prompt tokens of an OpenAI chat completion request before it is sent, for context-window checks,
/// cost ordering and rules. For OpenAI models the count follows OpenAI's cookbook ("How to count tokens with
/// tiktoken"): 3 tokens per message, the tokens of each string field (role, content, name, ...), 1 more for a
/// name, 3 to prime the reply, and for tools its per-function, per-property and per-enum-item constants. Other
/// models get the same structure with text counted by <see cref="ByteTokenRatio"/>.
/// </summary>
/// <remarks>
/// Allocation-light: strings are read from the parsed document's UTF-8 bytes into a pooled buffer and counted in
/// place; nothing is materialised as a .NET string. Thread-safe: it holds no state (token counters are shared and
/// thread-safe).
/// </remarks>
public static class TokenEstimator
{
    private const int TokensPerMessage = 3;
    private const int TokensPerName = 1;
    private const int ReplyPriming = 3;

    // Images: OpenAI bills low detail at 85 tokens, high detail at 85 plus 170 per 512-pixel tile. The size is not
    // known without decoding the image; 765 is a 1024x1024 image at high detail (4 tiles), the common case.
    private const int ImageLowDetailTokens = 85;
    private const int ImageDefaultTokens = 765;

    // Audio: gpt-4o audio is about 10 tokens a second; at ~32 kB a second of 16 kHz 16-bit PCM that is 1 token
    // per 3200 bytes. A rough figure, but audio prompts are rare and routing needs only an order of magnitude.
    private const int AudioBytesPerToken = 3200;

    /// <summary>Prompt tokens of a chat completion request body for <paramref name="model"/> (an upstream model name).</summary>
    public static int EstimatePromptTokens(JsonElement request, string? model) =>
        EstimatePromptTokens(request, TokenEncodings.ForModel(model));

    /// <summary>Prompt tokens of a chat completion request body counted with <paramref name="encoding"/>.</summary>
    public static int EstimatePromptTokens(JsonElement request, TokenEncoding encoding)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }
        var counter = new TextCounter(TokenEncodings.Get(encoding));
        try
        {
            var total = 0;
            if (request.TryGetProperty("messages"u8, out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    total += CountMessage(message, ref counter);
                }
                total += ReplyPriming;
            }
            if (request.TryGetProperty("tools"u8, out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
            {
                total += CountTools(tools, encoding, ref counter);
            }
            return total;
        }
        finally
        {
            counter.Dispose();
        }
    }

    /// <summary>Tokens of one piece of text.</summary>
    public static int CountText(string text, TokenEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counter = TokenEncodings.Get(encoding);
        if (counter is not null)
        {
            return counter.CountTokens(text);
        }
        var ascii = 0;
        var nonAsciiBytes = 0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                ascii++;
            }
            else
            {
                // UTF-8 length: 2 bytes below U+0800, 3 for the rest of the BMP; a surrogate pair is 4 (2 + 2).
                nonAsciiBytes += c < 0x800 ? 2 : char.IsSurrogate(c) ? 2 : 3;
            }
        }
        return ByteTokenRatio.Estimate(ascii, nonAsciiBytes);
    }

    private static int CountMessage(JsonElement message, ref TextCounter counter)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }
        var tokens = TokensPerMessage;
        foreach (var property in message.EnumerateObject())
        {
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.String when property.NameEquals("role"u8):
                    tokens += counter.CountRole(value);
                    break;
                case JsonValueKind.String:
                    tokens += counter.Count(value);
                    if (property.NameEquals("name"u8))
                    {
                        tokens += TokensPerName;
                    }
                    break;
                case JsonValueKind.Array when property.NameEquals("content"u8):
                    tokens += CountContentParts(value, ref counter);
                    break;
                case JsonValueKind.Array when property.NameEquals("tool_calls"u8):
                    tokens += CountToolCalls(value, ref counter);
                    break;
            }
        }
        return tokens;
    }

    private static int CountContentParts(JsonElement parts, ref TextCounter counter)
    {
        var tokens = 0;
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type"u8, out var type))
            {
                continue;
            }
            if (type.ValueEquals("text"u8) && part.TryGetProperty("text"u8, out var text) && text.ValueKind == JsonValueKind.String)
            {
                tokens += counter.Count(text);
            }
            else if (type.ValueEquals("image_url"u8))
            {
                var low = part.TryGetProperty("image_url"u8, out var image) && image.ValueKind == JsonValueKind.Object
                    && image.TryGetProperty("detail"u8, out var detail) && detail.ValueEquals("low"u8);
                tokens += low ? ImageLowDetailTokens : ImageDefaultTokens;
            }
            else if (type.ValueEquals("input_audio"u8) && part.TryGetProperty("input_audio"u8, out var audio)
                && audio.ValueKind == JsonValueKind.Object && audio.TryGetProperty("data"u8, out var data) && data.ValueKind == JsonValueKind.String)
            {
                var base64Length = JsonMarshal.GetRawUtf8Value(data).Length;
                tokens += Math.Max(1, base64Length / 4 * 3 / AudioBytesPerToken);
            }
        }
        return tokens;
    }

    /// <summary>An assistant's earlier tool calls: the function name and its arguments text, plus a little framing.</summary>
    private static int CountToolCalls(JsonElement calls, ref TextCounter counter)
    {
        var tokens = 0;
        foreach (var call in calls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            tokens += TokensPerMessage;
            if (function.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String)
            {
                tokens += counter.Count(name);
            }
            if (function.TryGetProperty("arguments"u8, out var arguments) && arguments.ValueKind == JsonValueKind.String)
            {
                tokens += counter.Count(arguments);
            }
        }
        return tokens;
    }

    /// <summary>
    /// The cookbook's function-definition count: per function 7 (o200k; 10 for cl100k) plus "name:description"
    /// (a final period dropped); 3 if it has properties; per property 3 plus "key:type:description"; per enum -3
    /// and per item 3 plus the item; 12 at the end. Non-OpenAI models: the tools JSON by byte ratio.
    /// </summary>
    private static int CountTools(JsonElement tools, TokenEncoding encoding, ref TextCounter counter)
    {
        if (!counter.HasTokenizer)
        {
            return ByteTokenRatio.Estimate(JsonMarshal.GetRawUtf8Value(tools));
        }
        var functionInit = encoding == TokenEncoding.Cl100kBase ? 10 : 7;
        const int PropertyInit = 3, PropertyKey = 3, EnumInit = -3, EnumItem = 3, FunctionEnd = 12;

        var tokens = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            tokens += functionInit;
            counter.Clear();
            counter.Append(function, "name"u8);
            counter.Append(':');
            counter.Append(function, "description"u8, dropFinalPeriod: true);
            tokens += counter.CountBuffer();

            if (function.TryGetProperty("parameters"u8, out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("properties"u8, out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                var first = true;
                foreach (var property in properties.EnumerateObject())
                {
                    if (first)
                    {
                        tokens += PropertyInit;
                        first = false;
                    }
                    tokens += PropertyKey;
                    var schema = property.Value;
                    if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum"u8, out var items) && items.ValueKind == JsonValueKind.Array)
                    {
                        tokens += EnumInit;
                        foreach (var item in items.EnumerateArray())
                        {
                            tokens += EnumItem + (item.ValueKind == JsonValueKind.String ? counter.Count(item) : counter.CountRaw(item));
                        }
                    }
                    counter.Clear();
                    counter.AppendName(property);
                    counter.Append(':');
                    if (schema.ValueKind == JsonValueKind.Object)
                    {
                        counter.Append(schema, "type"u8);
                        counter.Append(':');
                        counter.Append(schema, "description"u8, dropFinalPeriod: true);
                    }
                    tokens += counter.CountBuffer();
                }
            }
        }
        return tokens + FunctionEnd;
    }

    /// <summary>Token counts of the standard roles per encoding, computed by its counter on first use.</summary>
    private static class RoleCounts
    {
        private static readonly string[] Roles = ["user", "assistant", "system", "tool", "developer"];
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TiktokenCounter, int[]> Counts = new();

        public static int Get(TiktokenCounter counter, int index) =>
            Counts.GetValue(counter, static c => Array.ConvertAll(Roles, role => c.CountTokens(role)))[index];
    }

    /// <summary>
    /// Counts tokens of JSON string values without materialising strings: each value is unescaped and transcoded
    /// from the document's UTF-8 into a pooled char buffer, which also assembles the cookbook's composite lines.
    /// </summary>
    private struct TextCounter : IDisposable
    {
        private readonly TiktokenCounter? _tokenizer;
        private char[] _buffer;
        private int _length;

        public TextCounter(TiktokenCounter? tokenizer)
        {
            _tokenizer = tokenizer;
            _buffer = ArrayPool<char>.Shared.Rent(1024);
            _length = 0;
        }

        public readonly bool HasTokenizer => _tokenizer is not null;

        /// <summary>A message role: the five standard ones are counted once per tokenizer and remembered.</summary>
        public int CountRole(JsonElement value)
        {
            if (_tokenizer is null)
            {
                return Count(value);
            }
            var index = value.ValueEquals("user"u8) ? 0 : value.ValueEquals("assistant"u8) ? 1 : value.ValueEquals("system"u8) ? 2
                : value.ValueEquals("tool"u8) ? 3 : value.ValueEquals("developer"u8) ? 4 : -1;
            return index < 0 ? Count(value) : RoleCounts.Get(_tokenizer, index);
        }

        /// <summary>Tokens of one JSON string value.</summary>
        public int Count(JsonElement value)
        {
            if (_tokenizer is null)
            {
                var raw = JsonMarshal.GetRawUtf8Value(value);
                return ByteTokenRatio.Estimate(raw.Length >= 2 ? raw[1..^1] : raw);
            }
            Clear();
            AppendString(value, dropFinalPeriod: false);
            return CountBuffer();
        }

        /// <summary>Tokens of a non-string value's JSON text (a number in an enum, say).</summary>
        public int CountRaw(JsonElement value)
        {
            var raw = JsonMarshal.GetRawUtf8Value(value);
            if (_tokenizer is null)
            {
                return ByteTokenRatio.Estimate(raw);
            }
            Clear();
            Ensure(raw.Length);
            _length = System.Text.Encoding.UTF8.GetChars(raw, _buffer);
            return CountBuffer();
        }

        public readonly int CountBuffer() => _length == 0 ? 0 : _tokenizer!.CountTokens(_buffer.AsSpan(0, _length));

        public void Clear() => _length = 0;

        public void Append(char c)
        {
            Ensure(1);
            _buffer[_length++] = c;
        }

        /// <summary>Appends a string property of <paramref name="owner"/>, or its raw JSON if it is not a string; nothing if absent.</summary>
        public void Append(JsonElement owner, ReadOnlySpan<byte> name, bool dropFinalPeriod = false)
        {
            if (!owner.TryGetProperty(name, out var value))
            {
                return;
            }
            if (value.ValueKind == JsonValueKind.String)
            {
                AppendString(value, dropFinalPeriod);
                return;
            }
            var raw = JsonMarshal.GetRawUtf8Value(value);
            Ensure(raw.Length);
            _length += System.Text.Encoding.UTF8.GetChars(raw, _buffer.AsSpan(_length));
        }

        public void AppendName(JsonProperty property)
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            Ensure(raw.Length);
            _length += System.Text.Encoding.UTF8.GetChars(raw, _buffer.AsSpan(_length));
        }

        public void Dispose()
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
        }

        private void AppendString(JsonElement value, bool dropFinalPeriod)
        {
            // The raw value is the quoted JSON string; a reader over it unescapes and transcodes in one step.
            // UTF-16 never needs more chars than the UTF-8 bytes it came from.
            var raw = JsonMarshal.GetRawUtf8Value(value);
            Ensure(raw.Length);
            var reader = new Utf8JsonReader(raw);
            reader.Read();
            var written = reader.CopyString(_buffer.AsSpan(_length));
            if (dropFinalPeriod && written > 0 && _buffer[_length + written - 1] == '.')
            {
                written--;
            }
            _length += written;
        }

        private void Ensure(int more)
        {
            if (_length + more <= _buffer.Length)
            {
                return;
            }
            var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }
}
