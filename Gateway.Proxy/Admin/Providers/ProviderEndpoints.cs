using Gateway.Data.Aliases;
using Gateway.Data.Providers;
using Gateway.Data.Security;
using Gateway.Proxy.Admin.Audit;
using Gateway.Proxy.Egress;

namespace Gateway.Proxy.Admin.Providers;

/// <summary>
/// <c>/admin/v1/providers</c>: provider accounts at a scope (global ones need a global admin). The credential is
/// write-only: accepted on create, on replace and by <c>PUT .../credential</c>, stored AES-GCM encrypted, never returned
/// or audited; responses say only <c>has_credential</c> and <c>credential_key_id</c>. It belongs to the URL it was given
/// for: a replace that changes <c>base_url</c> or <c>kind</c> removes it unless it carries the new one. A provider a
/// scoped admin sets up may reach only public addresses over https (<see cref="ProviderEgressPolicy"/>).
/// </summary>
internal sealed class ProviderEndpoints(
    ProviderRepository providers, ModelAliasRepository aliases, ProviderValidator validator, CredentialProtector protector,
    IConfiguration configuration, AdminAccess access, AdminRequestReader reader, AdminScopedList list, AdminWrites writes,
    AdminAuditor audit, ProviderEgressPolicy egress) : IAdminEndpoints
{
    private const string Entity = "provider";

    private static readonly AdminResource<ProviderResponse> Resource = new(Entity, "providers", provider => provider.Id);

    public void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var group = admin.MapGroup("/providers").WithTags("Providers");
        var routes = new AdminCrudRoutes<string, ProviderResponse>(Resource, "/{id}", async (caller, id, _, ct) => ProviderResponse.From(await FindAsync(caller, id, ct).ConfigureAwait(false)), writes);
        routes.MapCreate(group, ReadNewAsync, CreateAsync, ProviderResponse.From).AcceptsJson<ProviderRequest>();
        list.Map(group, providers.ListAsync, ProviderResponse.From);
        routes.MapGet(group);
        group.MapPut("/{id}", UpdateAsync).AcceptsJson<ProviderUpdateRequest>().Returns<ProviderResponse>();
        routes.MapDelete(group, providers.DeleteAsync);
        group.MapPut("/{id}/credential", SetCredentialAsync).AcceptsJson<ProviderCredentialRequest>().Returns<ProviderResponse>();
        group.MapDelete("/{id}/credential", DeleteCredentialAsync).Returns<ProviderResponse>();
    }

    private async Task<(ProviderSpec Spec, ProviderSecrets Secrets)> ReadNewAsync(HttpContext context, AdminCaller caller)
    {
        var (spec, secrets) = validator.Validate(await reader.ReadAsync<ProviderRequest>(context).ConfigureAwait(false));
        await access.RequireScopeAsync(caller, spec.Scope, "scope", context.RequestAborted).ConfigureAwait(false);
        if (configuration.GetSection("Gateway:Providers").GetSection(spec.Id).Exists())
        {
            // The catalog lets the config file win and would ignore the row; refuse rather than store a dead entry.
            throw new AdminProblemException(AdminErrors.Conflict($"A provider '{spec.Id}' is defined in the config file.", "id"));
        }
        // A tenant admin's provider may reach only public addresses: what the URL itself tells is refused now.
        spec = spec with { RestrictedEgress = !caller.IsGlobal };
        if (spec.RestrictedEgress)
        {
            RequireAllowedUrls(spec, null);
        }
        RequireProtector(secrets);
        return (spec, secrets);
    }

    private Task<ProviderRecord> CreateAsync((ProviderSpec Spec, ProviderSecrets Secrets) provider, CancellationToken cancellationToken) =>
        providers.CreateAsync(provider.Spec, provider.Secrets.Credential, cancellationToken, provider.Secrets.SecretSettings);

    private async Task<IResult> UpdateAsync(HttpContext context, string id)
    {
        var caller = context.AdminCaller();
        var stored = await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var before = ProviderResponse.From(stored);
        var (spec, secrets) = validator.Validate(id, await reader.ReadAsync<ProviderUpdateRequest>(context).ConfigureAwait(false), stored);
        await access.RequireScopeAsync(caller, spec.Scope, "scope", context.RequestAborted).ConfigureAwait(false);
        if (spec.Scope.ToString() != before.Scope)
        {
            await RequireStillVisibleAsync(id, spec.Scope, context.RequestAborted).ConfigureAwait(false);
        }
        // A tenant admin who changes the URL restricts the provider to public addresses (the repository keeps or
        // lifts the flag in the same statement); the stored credential stays only if the URL and kind do.
        spec = spec with { RestrictedEgress = !caller.IsGlobal };
        if (spec.RestrictedEgress)
        {
            RequireAllowedUrls(spec, stored);
        }
        RequireProtector(secrets);
        return await writes.UpdateAsync(caller, Resource, before, ct => providers.UpdateAsync(spec, ct, secrets.Credential, secrets.SecretSettings), ProviderResponse.From)
            .ConfigureAwait(false);
    }

    private async Task<IResult> SetCredentialAsync(HttpContext context, string id)
    {
        var caller = context.AdminCaller();
        var before = ProviderResponse.From(await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false));
        var credential = ProviderValidator.Credential(await reader.ReadAsync<ProviderCredentialRequest>(context).ConfigureAwait(false));
        RequireProtector(credential);
        return await ChangeCredentialAsync(caller, id, credential, before, AuditActions.SetCredential).ConfigureAwait(false);
    }

    private async Task<IResult> DeleteCredentialAsync(HttpContext context, string id)
    {
        var caller = context.AdminCaller();
        var before = ProviderResponse.From(await FindAsync(caller, id, context.RequestAborted).ConfigureAwait(false));
        return await ChangeCredentialAsync(caller, id, null, before, AuditActions.DeleteCredential).ConfigureAwait(false);
    }

    private async Task<IResult> ChangeCredentialAsync(AdminCaller caller, string id, string? credential, ProviderResponse before, string action)
    {
        var after = await writes.RecordedAsync(async ct =>
        {
            if (!await providers.SetCredentialAsync(id, credential, ct).ConfigureAwait(false))
            {
                throw new AdminProblemException(AdminErrors.NotFound(Entity, id));
            }
            var changed = ProviderResponse.From(await providers.GetAsync(id, ct).ConfigureAwait(false)
                ?? throw new AdminProblemException(AdminErrors.NotFound(Entity, id)));
            // The images are the responses: has_credential and the key id, never the credential.
            await audit.RecordAsync(caller, action, Entity, id, before, changed).ConfigureAwait(false);
            return changed;
        }).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }

    /// <summary>
    /// Refuses to move a provider out of sight of an alias that uses it: the alias would keep routing to it, so a
    /// provider moved into one tenant would go on serving (and spending its credential for) another.
    /// </summary>
    private async Task RequireStillVisibleAsync(string id, Scope scope, CancellationToken cancellationToken)
    {
        foreach (var alias in await aliases.FindByProviderAsync(id, cancellationToken).ConfigureAwait(false))
        {
            var chain = await access.ResolveAsync(alias.Scope, null, cancellationToken).ConfigureAwait(false);
            if (!chain.Sees(scope))
            {
                throw new AdminProblemException(new Transforms.Errors.GatewayError(409, Transforms.Errors.GatewayErrorTypes.InvalidRequest,
                    $"The alias '{alias.Name}' at {alias.Scope} uses this provider and could not use it at {scope}; change the alias first.",
                    "provider_in_use", "scope"));
            }
        }
    }

    /// <summary>
    /// 400 naming the field when a URL alone shows that a tenant's provider may not reach it: each URL the write adds
    /// (one the stored provider already has was someone else's choice, and stays as it was).
    /// </summary>
    private void RequireAllowedUrls(ProviderSpec spec, ProviderRecord? stored)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        if (stored is not null)
        {
            existing.Add(stored.BaseUrl);
            existing.UnionWith(stored.BaseUrls);
            if (stored.RegionalBaseUrls.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                existing.UnionWith(stored.RegionalBaseUrls.EnumerateObject().Select(region => region.Value.ToString()));
            }
        }
        RequireAllowedUrl(spec.BaseUrl, "base_url", existing);
        for (var i = 0; i < spec.BaseUrls?.Count; i++)
        {
            RequireAllowedUrl(spec.BaseUrls[i], $"base_urls[{i}]", existing);
        }
        foreach (var (region, url) in spec.RegionalBaseUrls ?? new Dictionary<string, string>())
        {
            RequireAllowedUrl(url, "regional_base_urls." + region, existing);
        }
    }

    private void RequireAllowedUrl(string url, string param, HashSet<string> existing)
    {
        if (!existing.Contains(url) && egress.RefusalOf(new Uri(url)) is { } refusal)
        {
            throw new AdminProblemException(AdminErrors.Invalid(param,
                $"A provider set up by a scoped admin may reach only public addresses over https, unless the gateway's operator allows the host or network: {refusal}.",
                "base_url_not_allowed"));
        }
    }

    private void RequireProtector(ProviderSecrets secrets) => RequireProtector(secrets.Credential ?? (secrets.SecretSettings is null ? null : string.Empty));

    private void RequireProtector(string? credential)
    {
        if (credential is not null && !protector.CanProtect)
        {
            throw new AdminProblemException(AdminErrors.MasterKeyMissing);
        }
    }

    private Task<ProviderRecord> FindAsync(AdminCaller caller, string id, CancellationToken cancellationToken) =>
        access.RequireEntityAsync(caller, providers.GetAsync(id, cancellationToken), provider => provider.Scope, Entity, id, cancellationToken);
}
