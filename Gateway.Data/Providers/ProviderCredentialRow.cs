using Gateway.Data.Security;

namespace Gateway.Data.Providers;

/// <summary>The encrypted credential columns of one provider row, as read for decryption.</summary>
internal sealed record ProviderCredentialRow(string ProviderId, byte[] Ciphertext, byte[] Nonce, byte[] Tag, string KeyId)
{
    public ProtectedCredential ToProtected() => new(Ciphertext, Nonce, Tag, KeyId);
}
