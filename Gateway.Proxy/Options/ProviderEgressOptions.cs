using System.Net;

namespace Gateway.Proxy.Options;

/// <summary>
/// Where providers that tenant (scoped) admins configure may connect (<c>Gateway:ProviderEgress</c>). Such a provider
/// reaches only public addresses over https; these lists let the operator allow self-hosted models on the inside
/// network, over http or https. Config-file providers and those a global admin wrote are not limited.
/// </summary>
internal sealed class ProviderEgressOptions : IValidatableObject
{
    public const string Section = "Gateway:ProviderEgress";

    /// <summary>Host names (<c>vllm.internal</c>) a tenant's provider may reach, whatever addresses they resolve to.</summary>
    public List<string> AllowedHosts { get; init; } = [];

    /// <summary>Address ranges in CIDR form (<c>10.20.0.0/16</c>, <c>fd12:3456::/48</c>) a tenant's provider may reach.</summary>
    public List<string> AllowedNetworks { get; init; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(AllowedNetworks[i], out _))
            {
                yield return new ValidationResult(
                    $"{nameof(AllowedNetworks)}[{i}]: '{AllowedNetworks[i]}' is not a network in CIDR form (10.20.0.0/16).",
                    [nameof(AllowedNetworks)]);
            }
        }
        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            if (Uri.CheckHostName(AllowedHosts[i]?.TrimEnd('.')) != UriHostNameType.Dns)
            {
                yield return new ValidationResult($"{nameof(AllowedHosts)}[{i}]: '{AllowedHosts[i]}' is not a host name.", [nameof(AllowedHosts)]);
            }
        }
    }
}
