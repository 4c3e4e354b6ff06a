using System.Text.Json;
using Gateway.Policies.Tenancy;

namespace Gateway.Data.Records;

/// <summary>
/// A provider account to create or update. <paramref name="BaseUrl"/> is the provider's documented API root;
/// <paramref name="Settings"/> (a JSON object) holds kind-specific, non-secret settings; null means empty.
/// <paramref name="AllowDirectModels"/>: clients may address it as <c>provider/model</c> (keys must be allowed to as well).
/// <paramref name="RestrictedEgress"/>: a scoped (tenant) admin writes it, so the gateway may connect only to public
/// addresses for it (see <see cref="Repositories.ProviderRepository.UpdateAsync"/> for how an update keeps the flag).
/// </summary>
public sealed record ProviderSpec(
    string Id,
    string Kind,
    string BaseUrl,
    Scope Scope,
    string? Region = null,
    JsonElement? Settings = null,
    bool Enabled = true,
    bool AllowDirectModels = true,
    bool RestrictedEgress = false);
