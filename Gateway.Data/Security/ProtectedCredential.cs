namespace Gateway.Data.Security;

/// <summary>An AES-GCM encrypted credential: ciphertext, 12-byte nonce, 16-byte tag and the id of the master key used.</summary>
internal sealed record ProtectedCredential(
    ReadOnlyMemory<byte> Ciphertext,
    ReadOnlyMemory<byte> Nonce,
    ReadOnlyMemory<byte> Tag,
    string KeyId);
