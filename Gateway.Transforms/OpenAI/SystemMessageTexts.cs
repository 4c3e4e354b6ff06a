namespace Gateway.Transforms.OpenAI;

/// <summary>
/// The instruction texts of a validated chat request's <c>messages</c>, in order: the content of every <c>system</c> and
/// <c>developer</c> message, a string as it is and an array as its text parts. For the providers with one instruction
/// slot per request (Anthropic's and Bedrock's <c>system</c>, Gemini's <c>systemInstruction</c>), which gather them from
/// anywhere in the conversation. A struct enumerator over the document: <c>foreach</c> allocates nothing.
/// </summary>
internal struct SystemMessageTexts
{
    private JsonElement.ArrayEnumerator _messages;
    private JsonElement.ArrayEnumerator _parts;
    private bool _inParts;

    public SystemMessageTexts(JsonElement messages)
    {
        _messages = messages.EnumerateArray();
    }

    /// <summary>The current text: a JSON string element.</summary>
    public JsonElement Current { get; private set; }

    /// <summary>The roles whose messages are instructions rather than turns.</summary>
    public static bool IsSystemRole(JsonElement role) => role.ValueEquals("system"u8) || role.ValueEquals("developer"u8);

    public readonly SystemMessageTexts GetEnumerator() => this;

    public bool MoveNext()
    {
        while (true)
        {
            if (_inParts)
            {
                while (_parts.MoveNext())
                {
                    var part = _parts.Current;
                    if (part.TryGetProperty("type"u8, out var type) && type.ValueEquals("text"u8)
                        && part.TryGetProperty("text"u8, out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        Current = text;
                        return true;
                    }
                }
                _inParts = false;
            }
            if (!_messages.MoveNext())
            {
                return false;
            }
            var message = _messages.Current;
            if (!IsSystemRole(message.GetProperty("role"u8)))
            {
                continue;
            }
            var content = message.GetProperty("content"u8);
            if (content.ValueKind == JsonValueKind.String)
            {
                Current = content;
                return true;
            }
            _parts = content.EnumerateArray();
            _inParts = true;
        }
    }
}
