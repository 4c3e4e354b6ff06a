using Gateway.Data.Tenancy;

namespace Gateway.Tests.Data;

/// <summary>
/// Base of fixtures whose rows belong to tenants: on the fixture's own database, one organization with a team, and in
/// that an environment that stores request bodies.
/// </summary>
public abstract class TenantDatabaseTest : DatabaseTest
{
    internal OrganizationRecord Org { get; private set; } = null!;

    internal TeamRecord Team { get; private set; } = null!;

    internal EnvironmentRecord Environment { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateTenantsAsync() =>
        (Org, Team, Environment) = await Database.CreateEnvironmentAsync("Tenant Org", "tenant-team", "production", storeBodies: true);
}
