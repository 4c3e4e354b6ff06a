using Gateway.Data.Security;

namespace Gateway.Proxy.Admin.Credentials;

/// <summary>The answer to <c>POST /admin/v1/credentials/reencrypt</c>: counts, and the providers that failed (with why).</summary>
internal sealed record CredentialReencryptionResponse(
    string MasterKeyId,
    int Reencrypted,
    int AlreadyCurrent,
    int ChangedMeanwhile,
    IReadOnlyList<CredentialReencryptionFailureResponse> Failed) : ApiObject("credential_reencryption")
{
    public static CredentialReencryptionResponse From(CredentialReencryption result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.MasterKeyId, result.Reencrypted, result.AlreadyCurrent, result.ChangedMeanwhile,
            [.. result.Failed.Select(failure => new CredentialReencryptionFailureResponse(failure.ProviderId, failure.KeyId, failure.Reason))]);
    }
}
