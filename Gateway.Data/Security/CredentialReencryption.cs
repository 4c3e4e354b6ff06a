namespace Gateway.Data.Security;

/// <summary>
/// What one re-encryption run did: credentials moved under <paramref name="MasterKeyId"/>, those already under it,
/// those changed by someone else meanwhile (left for the next run), and those that could not be decrypted (their
/// master key is not configured, or the row was altered): an old key may be retired only when none fail.
/// </summary>
public sealed record CredentialReencryption(
    string MasterKeyId,
    int Reencrypted,
    int AlreadyCurrent,
    int ChangedMeanwhile,
    IReadOnlyList<CredentialReencryptionFailure> Failed);
