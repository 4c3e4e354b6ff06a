using Gateway.Data.Migrations;
using Gateway.Data.Options;
using Gateway.Data.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gateway.Tests.Infrastructure;

/// <summary>A fresh database on the shared test cluster, for one fixture; dropped when disposed.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private TestDatabase(PostgresServer server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = server.ConnectionString(name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public IOptions<GatewayDataOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(new GatewayDataOptions());

    /// <summary>Creates the database, with every migration applied unless <paramref name="migrate"/> is false.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true) => await CreateOnAsync(await PostgresServer.GetAsync(), migrate);

    /// <summary>Creates the database on <paramref name="server"/> (a private cluster the test may stop and start).</summary>
    public static async Task<TestDatabase> CreateOnAsync(PostgresServer server, bool migrate = true)
    {
        var database = new TestDatabase(server, await server.CreateDatabaseAsync());
        if (migrate)
        {
            await database.CreateRunner().RunAsync(CancellationToken.None);
        }

        return database;
    }

    /// <summary>
    /// The command-line arguments that start a gateway on this database (with a test master key) whose usage writer
    /// flushes within 20 ms, followed by <paramref name="more"/>.
    /// </summary>
    public string[] GatewayArgs(params string[] more) =>
        ["--ConnectionStrings:Gateway", ConnectionString, "--GATEWAY_MASTER_KEYS", TestMasterKeys.Entry("k1"), "--Gateway:Usage:MaxBatchDelaySeconds", "0.02", .. more];

    public MigrationRunner CreateRunner() => new(DataSource, Options, NullLogger<MigrationRunner>.Instance);

    /// <summary>A new organization named <paramref name="organization"/> with one team in it.</summary>
    public async Task<(OrganizationRecord Organization, TeamRecord Team)> CreateTeamAsync(string organization, string team)
    {
        var org = await new OrganizationRepository(DataSource, Options).CreateAsync(organization, CancellationToken.None);
        return (org, await new TeamRepository(DataSource, Options).CreateAsync(org.Id, team, CancellationToken.None));
    }

    /// <summary>A new organization with one team in it and one environment in that, which stores request bodies or not.</summary>
    public async Task<(OrganizationRecord Organization, TeamRecord Team, EnvironmentRecord Environment)> CreateEnvironmentAsync(
        string organization, string team, string environment, bool storeBodies = false)
    {
        var (org, created) = await CreateTeamAsync(organization, team);
        return (org, created, await new EnvironmentRepository(DataSource, Options).CreateAsync(created.Id, environment, storeBodies, CancellationToken.None));
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object?[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter ?? DBNull.Value });
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    public async Task ExecuteAsync(string sql, params object?[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The <c>requests</c> row of request <paramref name="id"/> (every column), once the usage writer has stored it.</summary>
    public async Task<Dictionary<string, object?>> RequestRowAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using var command = DataSource.CreateCommand("select * from requests where id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                return row;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertionException($"no usage record for {id}");
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _server.DropDatabaseAsync(Name);
    }
}
