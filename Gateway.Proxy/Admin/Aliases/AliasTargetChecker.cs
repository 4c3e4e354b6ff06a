using Gateway.Data.Aliases;
using Gateway.Data.Providers;

namespace Gateway.Proxy.Admin.Aliases;

/// <summary>
/// Refuses an alias whose target names a provider that does not exist or that the alias's scope cannot see: a
/// provider of another tenant (or of a team below an organization-wide alias) would let one tenant's alias spend
/// another's credential. A provider is visible when it is global (config file or database) or defined at the
/// alias's own scope or one above it.
/// </summary>
internal sealed class AliasTargetChecker(ProviderRepository providers, IConfiguration configuration)
{
    public async Task CheckAsync(ScopeChain aliasScope, IReadOnlyList<AliasTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        for (var i = 0; i < targets.Count; i++)
        {
            var param = string.Create(CultureInfo.InvariantCulture, $"targets[{i}].provider");
            var id = targets[i].Provider;
            if (configuration.GetSection("Gateway:Providers").GetSection(id).Exists())
            {
                continue;
            }
            // A provider the alias's scope cannot see is answered as one that does not exist: where another tenant's
            // providers are, and what they are called, is not for this caller to learn.
            var provider = await providers.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (provider is null || !aliasScope.Sees(provider.Scope))
            {
                throw new AdminProblemException(AdminErrors.Invalid(param,
                    $"{param}: no provider '{id}' that an alias at this scope may use exists (a global provider, or one at the alias's scope or above).",
                    "unknown_provider"));
            }
        }
    }
}
