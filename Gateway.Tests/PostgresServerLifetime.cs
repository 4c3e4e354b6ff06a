namespace Gateway.Tests;

/// <summary>Stops and deletes the shared test PostgreSQL after the last test of the run, if any test started it.</summary>
[SetUpFixture]
public sealed class PostgresServerLifetime
{
    [OneTimeTearDown]
    public Task StopPostgresAsync() => PostgresServer.StopSharedAsync();
}
