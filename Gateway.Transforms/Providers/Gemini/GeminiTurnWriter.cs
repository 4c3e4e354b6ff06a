namespace Gateway.Transforms.Providers.Gemini;

/// <summary>
/// Writes <c>contents</c> entries lazily: a turn opens with its first part, and a part for the role that is
/// already open joins that turn, so consecutive messages of one role become one turn and empty messages none.
/// </summary>
internal sealed class GeminiTurnWriter
{
    private readonly Utf8JsonWriter _json;
    private bool _open;
    private bool _openIsModel;

    public GeminiTurnWriter(Utf8JsonWriter json)
    {
        _json = json;
    }

    public int TurnCount { get; private set; }

    /// <summary>Makes sure a turn of the given role is open; the caller then writes one part object.</summary>
    public void StartPart(bool model)
    {
        if (_open && _openIsModel == model)
        {
            return;
        }
        Close();
        _json.WriteStartObject();
        _json.WriteString("role"u8, model ? "model"u8 : "user"u8);
        _json.WritePropertyName("parts"u8);
        _json.WriteStartArray();
        _open = true;
        _openIsModel = model;
        TurnCount++;
    }

    public void Close()
    {
        if (!_open)
        {
            return;
        }
        _json.WriteEndArray();
        _json.WriteEndObject();
        _open = false;
    }
}
