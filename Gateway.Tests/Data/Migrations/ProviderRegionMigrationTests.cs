using Gateway.Data.Migrations;

namespace Gateway.Tests.Data.Migrations;

/// <summary>
/// Migration 0018: a provider's <c>region</c> means destination affinity, as a key's does. Bedrock rows, whose region was
/// the SigV4 signing region, have it moved to the <c>SigningRegion</c> setting (the old <c>Region</c> setting renamed too).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class ProviderRegionMigrationTests
{
    [Test]
    public async Task Moves_bedrocks_signing_region_out_of_region_and_keeps_other_kinds_regions()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var all = EmbeddedMigrations.Load();
        await database.CreateRunner(all.Where(m => m.Version < 18).ToArray()).RunAsync(CancellationToken.None);
        await database.ExecuteAsync("""
            insert into providers (id, kind, base_url, region, settings) values
                ('bedrock-column', 'bedrock', 'https://bedrock-runtime.eu-west-3.amazonaws.com', 'eu-west-3', '{"AccessKeyId":"AKID"}'),
                ('bedrock-setting', 'bedrock', 'https://bedrock-runtime.us-east-1.amazonaws.com', null, '{"Region":"us-east-1"}'),
                ('openai-eu', 'openai', 'https://eu.example/v1', 'eu', '{}')
            """);

        await database.CreateRunner(all).RunAsync(CancellationToken.None);

        Assert.That(await database.ScalarAsync<string>("select settings::text from providers where id = 'bedrock-column'"),
            Is.EqualTo("""{"AccessKeyId": "AKID", "SigningRegion": "eu-west-3"}"""));
        Assert.That(await database.ScalarAsync<string>("select region from providers where id = 'bedrock-column'"), Is.Null);
        Assert.That(await database.ScalarAsync<string>("select settings::text from providers where id = 'bedrock-setting'"),
            Is.EqualTo("""{"SigningRegion": "us-east-1"}"""));
        Assert.That(await database.ScalarAsync<string>("select region from providers where id = 'openai-eu'"), Is.EqualTo("eu"));
    }
}
