namespace Gateway.Tests.EndToEnd.Hostile;

/// <summary>
/// The hostile corpus against a gateway with a database, where the admin API exists: traversal and odd casings that
/// reach it must meet its authentication (401 without a key, 403 for a client key) like the plain path.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class HostileCorpusDatabaseTests : HostileCorpusFixture
{
    private TestDatabase? _database;

    [Order(1)]
    [TestCaseSource(typeof(HostileCorpus), nameof(HostileCorpus.DatabaseRequests))]
    public Task Refuses_a_hostile_request_to_the_admin_api(HostileCase hostile) => SendAndCheckAsync(hostile);

    protected override async Task<IReadOnlyList<string>> ExtraArgsAsync()
    {
        _database = await TestDatabase.CreateAsync();
        return
        [
            "--ConnectionStrings:Gateway", _database.ConnectionString,
            "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"),
            "--Gateway:Data:ListenDebounce", "00:00:00.050",
        ];
    }

    protected override async Task AfterStopAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
