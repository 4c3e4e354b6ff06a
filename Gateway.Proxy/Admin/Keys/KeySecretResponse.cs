namespace Gateway.Proxy.Admin.Keys;

/// <summary>
/// A new key with its secret: the only time the secret is shown (on create and rotate). The gateway keeps its
/// SHA-256 alone, and the audit log records <see cref="Key"/>, not this object.
/// </summary>
internal sealed record KeySecretResponse(KeyResponse Key, string Secret) : ApiObject("api_key.secret")
{
    public const string SecretWarning = "This is the only time this key's secret is shown. Store it now: the gateway keeps only its hash and cannot show it again.";

    public string Warning { get; } = SecretWarning;
}
