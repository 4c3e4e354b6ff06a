using System.Text;

namespace Gateway.Data.Records;

/// <summary>
/// A provider with its decrypted credential, for building upstream requests. Null <see cref="Credential"/>
/// means none is stored or it could not be decrypted (logged). The record's text form hides the credential.
/// </summary>
public sealed record CatalogProvider(ProviderRecord Provider, string? Credential)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Provider = ").Append(Provider).Append(", Credential = ").Append(Credential is null ? "null" : "***");
        return true;
    }
}
