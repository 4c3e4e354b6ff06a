using Gateway.Policies.Catalog;
using Gateway.Policies.Configuration;
using Gateway.Policies.RoutingPolicies;
using Gateway.Policies.Tenancy;

namespace Gateway.Proxy.Routing;

/// <summary>
/// Parses the database's routing policy rows into the set routing consults. A policy that does not parse is
/// skipped with a warning naming the field, like any bad database row; rules naming models that are not
/// configured are reported too (routing skips those names).
/// </summary>
internal static class RoutingPolicyLoader
{
    public static RoutingPolicySet Load(DatabaseCatalogDocument? database, GatewayCatalog catalog, List<string> warnings)
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
        var set = new RoutingPolicySet(policies);
        foreach (var unknown in set.FindUnknownTargets(catalog))
        {
            warnings.Add($"Database:RoutingPolicies: {unknown} is not a configured model; routing skips it.");
        }
        return set;
    }
}
