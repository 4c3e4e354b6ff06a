using Gateway.Data.Options;
using Gateway.Proxy.Admin.Hosting;
using Gateway.Proxy.Dashboard.Hosting;
using Gateway.Proxy.Options;
using Gateway.Proxy.Quotas;

namespace Gateway.Proxy.Configuration;

/// <summary>
/// Every options section the gateway binds, each validated as start-up validates it, so that an edit of the config
/// file is checked in full before it replaces the running configuration (<see cref="CatalogLoader"/>). An options
/// type registered anywhere must be listed here (a test holds the registrations to it).
/// </summary>
internal static class GatewayOptionsSections
{
    public static IReadOnlyList<OptionsSection> All { get; } =
    [
        OptionsSection.For<GatewayLimitsOptions>(GatewayLimitsOptions.Section),
        OptionsSection.For<GatewayTimeoutsOptions>(GatewayTimeoutsOptions.Section),
        OptionsSection.For<PassiveHealthOptions>(PassiveHealthOptions.Section),
        OptionsSection.For<ResilienceOptions>(ResilienceOptions.Section),
        OptionsSection.For<UsageOptions>(UsageOptions.Section),
        OptionsSection.For<ProviderEgressOptions>(ProviderEgressOptions.Section),
        OptionsSection.For<RegionOptions>(RegionOptions.Section),
        OptionsSection.For<TokenCountingOptions>(TokenCountingOptions.Section),
        OptionsSection.For<KeyCacheOptions>(KeyCacheOptions.Section),
        OptionsSection.For<DatabaseSyncOptions>(DatabaseSyncOptions.Section),
        OptionsSection.For<QuotaOptions>(QuotaOptions.Section),
        OptionsSection.For<AdminOptions>(AdminOptions.Section),
        OptionsSection.For<DashboardOptions>(DashboardOptions.Section),
        OptionsSection.For<GatewayDataOptions>(GatewayDataOptions.SectionName, new GatewayDataOptionsValidator()),
    ];

    public static void Validate(IConfiguration configuration, List<string> errors)
    {
        foreach (var section in All)
        {
            section.Validate(configuration, errors);
        }
    }
}
