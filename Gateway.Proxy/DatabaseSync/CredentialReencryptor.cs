using Gateway.Data.Providers;
using Gateway.Data.Security;
using Gateway.Policies.Diagnostics;

namespace Gateway.Proxy.DatabaseSync;

/// <summary>
/// Master-key retirement: re-encrypts every stored provider credential under the first key of
/// <c>GATEWAY_MASTER_KEYS</c>, for the admin endpoint and the <c>--reencrypt-credentials</c> command alike, and logs
/// what it did (provider ids and key ids, never a credential).
/// </summary>
internal sealed partial class CredentialReencryptor(ProviderRepository providers, ILogger<CredentialReencryptor> logger)
{
    private readonly ProviderRepository _providers = providers;
    private readonly ILogger<CredentialReencryptor> _logger = logger;

    /// <exception cref="InvalidOperationException">No master key is configured.</exception>
    public async Task<CredentialReencryption> RunAsync(CancellationToken cancellationToken)
    {
        var result = await _providers.ReencryptCredentialsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var failure in result.Failed)
        {
            Failed(_logger, failure.ProviderId, failure.KeyId, failure.Reason);
        }
        Done(_logger, result.MasterKeyId, result.Reencrypted, result.AlreadyCurrent, result.ChangedMeanwhile, result.Failed.Count);
        return result;
    }

    [LoggerMessage(EventId = GatewayEventIds.CredentialsReencrypted, Level = LogLevel.Information,
        Message = "Provider credentials re-encrypted under master key {MasterKeyId}: {Reencrypted} re-encrypted, {AlreadyCurrent} already under it, {ChangedMeanwhile} changed meanwhile, {Failed} failed")]
    private static partial void Done(ILogger logger, string masterKeyId, int reencrypted, int alreadyCurrent, int changedMeanwhile, int failed);

    [LoggerMessage(EventId = GatewayEventIds.CredentialReencryptionFailed, Level = LogLevel.Warning,
        Message = "The credential of provider {ProviderId} (master key {KeyId}) could not be re-encrypted: {Reason}")]
    private static partial void Failed(ILogger logger, string providerId, string keyId, string reason);
}
