using Gateway.Data.Keys;

namespace Gateway.Proxy.Admin.Keys;

internal sealed record KeyBindingResponse(
    Guid Id,
    string Scope,
    Guid OrganizationId,
    Guid? TeamId,
    Guid? EnvironmentId,
    IReadOnlyList<string> AllowedModels,
    int? RpmLimit,
    long? TpmLimit,
    int? MaxConcurrent,
    bool IsAdmin,
    bool AllowDirectModels,
    DateTimeOffset CreatedAt) : ApiObject("api_key_binding")
{
    public static KeyBindingResponse From(ApiKeyBindingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Scope.ToString(), record.OrgId, record.TeamId, record.EnvironmentId, record.AllowedModels, record.RpmLimit,
            record.TpmLimit, record.MaxConcurrent, record.IsAdmin, record.AllowDirectModels, record.CreatedAt);
    }
}
