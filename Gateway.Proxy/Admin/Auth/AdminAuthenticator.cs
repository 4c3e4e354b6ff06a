using Gateway.Data.Keys;
using Gateway.Policies.Keys;

namespace Gateway.Proxy.Admin.Auth;

/// <summary>
/// Decides whether an authenticated key may use the admin API and in which scopes, and sets the
/// <see cref="AdminCaller"/> feature. A database key's admin bindings are read afresh on every admin request
/// (not from the key cache), so removing an admin binding takes effect at once; admin traffic is light.
/// </summary>
internal sealed class AdminAuthenticator(ApiKeyRepository keys)
{
    /// <returns>Null when the caller is an admin (the feature is set), else the 403 to answer with.</returns>
    public async ValueTask<GatewayError?> AuthorizeAsync(HttpContext context, GatewayKey key, bool fromConfig)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        if (!key.IsAdmin)
        {
            return AdminErrors.NotAdmin;
        }
        if (fromConfig)
        {
            context.Features.Set(AdminCaller.Global(key.Id, context.Connection.RemoteIpAddress));
            return null;
        }
        if (!Guid.TryParse(key.Id, out var keyId))
        {
            return AdminErrors.NotAdmin;
        }
        var bindings = await keys.GetBindingsAsync(keyId, context.RequestAborted).ConfigureAwait(false);
        var scopes = bindings.Where(binding => binding.IsAdmin).Select(AdminAccess.ChainOf).ToArray();
        if (scopes.Length == 0)
        {
            return AdminErrors.NotAdmin;
        }
        context.Features.Set(AdminCaller.Scoped(keyId, scopes, context.Connection.RemoteIpAddress));
        return null;
    }
}
