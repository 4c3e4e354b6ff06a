using Gateway.Policies.RoutingPolicies;

namespace Gateway.Policies.Configuration.Sections;

/// <summary>
/// The database's routing policies, parsed into the set routing consults. A policy that does not parse is skipped
/// with a warning naming the field, like any bad database row; rule targets that name no configured model are
/// reported once the catalog stands (routing skips those names).
/// </summary>
internal static class RoutingPoliciesBuilder
{
    public static RoutingPolicySet Build(DatabaseCatalogDocument? database, List<string> warnings)
    {
        if (database is null || database.Policies.Count == 0)
        {
            return RoutingPolicySet.Empty;
        }
        var policies = new List<RoutingPolicy>(database.Policies.Count);
        foreach (var row in database.Policies)
        {
            var parsed = RoutingPolicyParser.Parse(row.Id, row.Name, row.Scope, row.Priority, row.Type, row.Rules, row.Active);
            if (parsed.Policy is null)
            {
                foreach (var error in parsed.Errors)
                {
                    warnings.Add($"Database:RoutingPolicies:{row.Name}: {error} (policy skipped)");
                }
                continue;
            }
            policies.Add(parsed.Policy);
        }
        return new RoutingPolicySet(policies);
    }

    public static void ReportUnknownTargets(GatewayCatalog catalog, List<string> warnings)
    {
        foreach (var unknown in catalog.RoutingPolicies.FindUnknownTargets(catalog))
        {
            warnings.Add($"Database:RoutingPolicies: {unknown} is not a configured model; routing skips it.");
        }
    }
}
