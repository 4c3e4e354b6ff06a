using System.Text.Json.Serialization;

namespace Gateway.Proxy.Admin.Common;

/// <summary>
/// An object the gateway's own APIs answer with: its kind comes first, as <c>object</c> (<c>"list"</c>, <c>"api_key"</c>),
/// as in OpenAI's answers.
/// </summary>
internal abstract record ApiObject
{
    protected ApiObject(string kind) => Object = kind;

    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object { get; }
}
