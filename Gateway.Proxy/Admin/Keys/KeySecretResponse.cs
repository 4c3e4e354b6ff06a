using System.Text.Json.Serialization;

namespace Gateway.Proxy.Admin.Keys;

/// <summary>
/// A new key with its secret: the only time the secret is shown (on create and rotate). The gateway keeps its
/// SHA-256 alone, and the audit log records <see cref="Key"/>, not this object.
/// </summary>
internal sealed record KeySecretResponse(KeyResponse Key, string Secret)
{
    public const string SecretWarning = "This is the only time this key's secret is shown. Store it now: the gateway keeps only its hash and cannot show it again.";

    [JsonPropertyOrder(-1)]
    public string Object { get; } = "api_key.secret";

    public string Warning { get; } = SecretWarning;
}
