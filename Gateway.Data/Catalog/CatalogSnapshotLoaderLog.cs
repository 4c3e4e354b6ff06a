using Gateway.Policies.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Gateway.Data.Catalog;

internal static partial class CatalogSnapshotLoaderLog
{
    [LoggerMessage(EventId = GatewayEventIds.DatabaseCatalogLoaded, Level = LogLevel.Information,
        Message = "Catalog loaded: {Providers} providers, {Models} models, {Aliases} aliases, {Policies} policies, {Prices} prices, {Quotas} quotas in {ElapsedMs} ms")]
    public static partial void Loaded(ILogger logger, int providers, int models, int aliases, int policies, int prices, int quotas, long elapsedMs);

    [LoggerMessage(EventId = GatewayEventIds.DatabaseCatalogLoadFailed, Level = LogLevel.Error,
        Message = "The credential of provider {ProviderId} (master key {KeyId}) cannot be decrypted; the provider is loaded without it")]
    public static partial void CredentialUnreadable(ILogger logger, string providerId, string keyId, Exception exception);

    [LoggerMessage(EventId = GatewayEventIds.ProviderSecretSettingsUnreadable, Level = LogLevel.Error,
        Message = "The secret settings of provider {ProviderId} (master key {KeyId}) cannot be decrypted; the provider is loaded without them")]
    public static partial void SecretSettingsUnreadable(ILogger logger, string providerId, string keyId, Exception exception);
}
