using System.Text;
using Gateway.Data.Providers;

namespace Gateway.Data.Catalog;

/// <summary>
/// A provider with its decrypted credential and secret settings, for building upstream requests. Null
/// <see cref="Credential"/> means none is stored or it could not be decrypted (logged); the same for empty
/// <see cref="SecretSettings"/>. The record's text form hides both.
/// </summary>
public sealed record CatalogProvider(ProviderRecord Provider, string? Credential)
{
    /// <summary>The settings the adapter declares secret (Bedrock's secret key and session token), decrypted.</summary>
    public IReadOnlyDictionary<string, string> SecretSettings { get; init; } = new Dictionary<string, string>();

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Provider = ").Append(Provider).Append(", Credential = ").Append(Credential is null ? "null" : "***")
            .Append(", SecretSettings = [").Append(string.Join(", ", SecretSettings.Keys)).Append(']');
        return true;
    }
}
