using System.Threading.Channels;
using Gateway.Data.Aliases;
using Gateway.Data.Catalog;
using Gateway.Data.Keys;
using Gateway.Data.Notifications;
using Gateway.Data.Options;
using Gateway.Data.Prices;
using Gateway.Data.Providers;
using Gateway.Data.Quotas;
using Gateway.Data.Security;
using Gateway.Policies.Quotas;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gateway.Tests.Data.Notifications;

[TestFixture]
public sealed class CatalogChangeListenerTests : DatabaseTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Signals_a_full_reload_as_soon_as_it_listens()
    {
        await using var harness = await ListenerHarness.StartAsync(Database);

        Assert.That(harness.Initial.ReloadAll, Is.True);
    }

    [Test]
    public async Task A_catalog_write_is_delivered_with_the_table_name()
    {
        await using var harness = await ListenerHarness.StartAsync(Database);
        var aliases = Database.Aliases;

        await aliases.CreateAsync(new ModelAliasSpec(Scope.Global, "notify-" + Guid.NewGuid().ToString("N")[..8], RoutingStrategy.Failover, [new("p", "m")]), CancellationToken.None);

        var change = await harness.NextAsync(candidate => candidate.Tables.Contains("model_aliases"));
        Assert.That(change.ReloadAll, Is.False);
    }

    [Test]
    public async Task Writes_within_the_debounce_delay_arrive_as_one_change()
    {
        await using var harness = await ListenerHarness.StartAsync(Database, debounce: TimeSpan.FromMilliseconds(500));
        var prices = Database.Prices;
        var quotas = Database.Quotas;

        await prices.AddAsync(new PriceSpec("p", "debounce-" + Guid.NewGuid(), 1m, 1m, DateTimeOffset.UtcNow), CancellationToken.None);
        await quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Key, Guid.NewGuid(), QuotaMeasure.Requests, QuotaPeriod.Minute, 5m), CancellationToken.None);

        var change = await harness.NextAsync(candidate => candidate.Tables.Count > 0);
        Assert.That(change.Tables, Is.EquivalentTo(new[] { "price_book", "quotas" }));
    }

    [Test]
    public async Task Revoking_or_deleting_a_key_sends_its_hash()
    {
        var keys = Database.Keys;
        var revoked = await keys.CreateAsync(new NewApiKey("to-revoke", []), CancellationToken.None);
        var deleted = await keys.CreateAsync(new NewApiKey("to-delete", []), CancellationToken.None);
        await using var harness = await ListenerHarness.StartAsync(Database);

        await keys.RevokeAsync(revoked.Key.Id, CancellationToken.None);
        var revocation = await harness.NextAsync(candidate => candidate.RevokedKeyHashes.Count > 0);
        await keys.DeleteAsync(deleted.Key.Id, CancellationToken.None);
        var deletion = await harness.NextAsync(candidate => candidate.RevokedKeyHashes.Count > 0);

        Assert.That(revocation.RevokedKeyHashes, Is.EqualTo(new[] { ApiKeySecrets.ToHex(ApiKeySecrets.Hash(revoked.Secret)) }));
        Assert.That(revocation.Tables, Does.Contain("api_keys"));
        Assert.That(deletion.RevokedKeyHashes, Is.EqualTo(new[] { ApiKeySecrets.ToHex(ApiKeySecrets.Hash(deleted.Secret)) }));
    }

    [Test]
    public async Task Touching_last_used_does_not_make_replicas_reload()
    {
        var keys = Database.Keys;
        var key = await keys.CreateAsync(new NewApiKey("busy", []), CancellationToken.None);
        await using var harness = await ListenerHarness.StartAsync(Database);

        await keys.TouchLastUsedAsync(new Dictionary<Guid, DateTimeOffset> { [key.Key.Id] = DateTimeOffset.UtcNow }, CancellationToken.None);
        await Database.Organizations.CreateAsync("marker " + Guid.NewGuid(), CancellationToken.None);
        await Database.Quotas
            .UpsertAsync(new QuotaSpec(QuotaSubjectKind.Key, key.Key.Id, QuotaMeasure.Tokens, QuotaPeriod.Day, 1m), CancellationToken.None);

        var change = await harness.NextAsync(candidate => candidate.Tables.Count > 0);
        Assert.That(change.Tables, Is.EquivalentTo(new[] { "quotas" }));
    }

    [Test]
    public async Task Reconnects_after_its_backend_is_killed_and_signals_a_full_reload()
    {
        await using var harness = await ListenerHarness.StartAsync(Database);

        var killed = await Database.ScalarAsync<bool>(
            "select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", harness.ApplicationName);
        Assert.That(killed, Is.True);

        var reload = await harness.NextAsync(candidate => candidate.ReloadAll);
        Assert.That(reload.ReloadAll, Is.True);
        await Database.Providers()
            .CreateAsync(new ProviderSpec("after-reconnect", "openai", "https://x.example/v1", Scope.Global), null, CancellationToken.None);
        Assert.That((await harness.NextAsync(candidate => candidate.Tables.Contains("providers"))).Tables, Does.Contain("providers"));
    }

    [Test]
    public async Task A_failing_handler_does_not_stop_the_listener()
    {
        await using var harness = await ListenerHarness.StartAsync(Database, failFirstChangeAfterInitial: true);
        var quotas = Database.Quotas;

        await quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Team, Guid.NewGuid(), QuotaMeasure.Cost, QuotaPeriod.Day, 1m), CancellationToken.None);
        await harness.NextAsync(candidate => candidate.Tables.Contains("quotas"));
        await quotas.UpsertAsync(new QuotaSpec(QuotaSubjectKind.Team, Guid.NewGuid(), QuotaMeasure.Cost, QuotaPeriod.Day, 2m), CancellationToken.None);

        Assert.That((await harness.NextAsync(candidate => candidate.Tables.Contains("quotas"))).Tables, Does.Contain("quotas"));
    }

    /// <summary>Runs a listener on its own data source (named, so a test can find and kill its backend) and records its callbacks.</summary>
    private sealed class ListenerHarness : IAsyncDisposable
    {
        private readonly Channel<CatalogChange> _changes = Channel.CreateUnbounded<CatalogChange>();
        private readonly CancellationTokenSource _stop = new();
        private readonly NpgsqlDataSource _dataSource;
        private readonly bool _failFirstChangeAfterInitial;
        private int _delivered;
        private Task _running = Task.CompletedTask;

        private ListenerHarness(NpgsqlDataSource dataSource, string applicationName, bool failFirstChangeAfterInitial)
        {
            _dataSource = dataSource;
            ApplicationName = applicationName;
            _failFirstChangeAfterInitial = failFirstChangeAfterInitial;
        }

        public string ApplicationName { get; }

        public CatalogChange Initial { get; private set; } = null!;

        public static async Task<ListenerHarness> StartAsync(TestDatabase database, TimeSpan? debounce = null, bool failFirstChangeAfterInitial = false)
        {
            var applicationName = "listener-" + Guid.NewGuid().ToString("N")[..12];
            var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = applicationName }.ConnectionString);
            var options = Microsoft.Extensions.Options.Options.Create(new GatewayDataOptions
            {
                ListenDebounce = debounce ?? TimeSpan.FromMilliseconds(50),
                ReconnectInitialBackoff = TimeSpan.FromMilliseconds(50),
                ReconnectMaxBackoff = TimeSpan.FromMilliseconds(500),
            });
            var harness = new ListenerHarness(dataSource, applicationName, failFirstChangeAfterInitial);
            var listener = new CatalogChangeListener(dataSource, options, NullLogger<CatalogChangeListener>.Instance, TimeProvider.System);
            harness._running = listener.RunAsync(harness.OnChangeAsync, harness._stop.Token);
            harness.Initial = await harness.NextAsync(change => change.ReloadAll);
            return harness;
        }

        public async Task<CatalogChange> NextAsync(Func<CatalogChange, bool> predicate)
        {
            using var timeout = new CancellationTokenSource(Patience);
            while (true)
            {
                var change = await _changes.Reader.ReadAsync(timeout.Token);
                if (predicate(change))
                {
                    return change;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running.WaitAsync(Patience);
            _stop.Dispose();
            await _dataSource.DisposeAsync();
        }

        private Task OnChangeAsync(CatalogChange change, CancellationToken cancellationToken)
        {
            var number = Interlocked.Increment(ref _delivered);
            _changes.Writer.TryWrite(change);
            if (_failFirstChangeAfterInitial && number == 2)
            {
                throw new InvalidOperationException("handler failure on purpose");
            }

            return Task.CompletedTask;
        }
    }
}
