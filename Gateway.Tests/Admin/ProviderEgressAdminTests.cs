using System.ClientModel;
using Gateway.Proxy.Egress;

namespace Gateway.Tests.Admin;

/// <summary>
/// A provider a scoped admin sets up reaches only public addresses over https: what its URL tells (a literal private
/// address, <c>localhost</c>, plain http) is refused when written, with a 400 naming <c>base_url</c>; a host name that
/// resolves inside is refused when the gateway connects, with a mapped error and nothing sent. A global admin's
/// provider may go anywhere, and the operator's allow-list lets tenants reach self-hosted models. The test resolver
/// maps names under <c>.tenant.test</c> to loopback, where WireMock listens, as an internal DNS name would.
/// </summary>
[TestFixture]
public sealed class ProviderEgressAdminTests : AdminTest
{
    private FakeProvider _inside = null!;
    private string _org = null!;
    private string _orgAdmin = null!;
    private string _orgKey = null!;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Gateway:ProviderEgress:AllowedHosts:0", "selfhosted.tenant.test",
        "--Gateway:ProviderEgress:AllowedNetworks:0", "10.20.0.0/16",
    ];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IProviderHostResolver, TenantTestResolver>();

    [OneTimeSetUp]
    public async Task CreateTenantAsync()
    {
        _inside = FakeProvider.AnsweringChats();
        _org = await CreateOrganizationAsync();
        _orgAdmin = (await CreateKeyAsync($"org:{_org}", isAdmin: true)).Secret;
        _orgKey = (await CreateKeyAsync($"org:{_org}", isAdmin: false)).Secret;
    }

    [OneTimeTearDown]
    public void StopProvider() => _inside.Dispose();

    [SetUp]
    public void ForgetRequests() => _inside.Server.ResetLogEntries();

    [TestCase("http://127.0.0.1:{port}/v1")]
    [TestCase("https://127.0.0.1:{port}/v1")]
    [TestCase("https://localhost:{port}/v1")]
    [TestCase("https://[::1]:{port}/v1")]
    [TestCase("https://169.254.169.254/latest")]
    [TestCase("https://[fe80::1]/v1")]
    [TestCase("https://10.0.0.8/v1")]
    [TestCase("https://172.20.1.1/v1")]
    [TestCase("https://192.168.1.10/v1")]
    [TestCase("https://[fd00::8]/v1")]
    [TestCase("https://[::ffff:127.0.0.1]/v1")]
    [TestCase("http://api.provider.example/v1")]
    public async Task A_scoped_admins_provider_aimed_inside_is_refused_when_written(string url)
    {
        var baseUrl = url.Replace("{port}", _inside.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var created = await PostAsync("/admin/v1/providers", $$"""{"id":"{{Unique("inside")}}","kind":"openai","base_url":"{{baseUrl}}","scope":"org:{{_org}}"}""", _orgAdmin);

        AssertError(created, HttpStatusCode.BadRequest, "base_url");
        Assert.That(created.ErrorCode, Is.EqualTo("base_url_not_allowed"));
    }

    [Test]
    public async Task A_scoped_admin_cannot_repoint_a_provider_inside_either()
    {
        var id = Unique("outside");
        await CreateAsync("/admin/v1/providers", $$"""{"id":"{{id}}","kind":"openai","base_url":"https://api.provider.example/v1","scope":"org:{{_org}}"}""", _orgAdmin);

        var repointed = await PutAsync($"/admin/v1/providers/{id}",
            $$"""{"kind":"openai","base_url":"http://127.0.0.1:{{_inside.Server.Port}}/v1","scope":"org:{{_org}}"}""", _orgAdmin);

        AssertError(repointed, HttpStatusCode.BadRequest, "base_url");
    }

    [Test]
    public async Task A_scoped_admins_provider_whose_name_resolves_to_loopback_is_refused_at_connect_time()
    {
        var id = Unique("sneaky");
        var created = await CreateAsync("/admin/v1/providers",
            $$"""{"id":"{{id}}","kind":"openai","base_url":"https://models.tenant.test:{{_inside.Server.Port}}/v1","scope":"org:{{_org}}","credential":"sk-tenant"}""", _orgAdmin);
        Assert.That(created["restricted_egress"]!.GetValue<bool>(), Is.True);
        var alias = await AliasAsync(id);

        var refused = await ChatUntilRoutedAsync(alias);

        Assert.That(refused, Is.Not.Null, "the chat was refused");
        Assert.That(refused!.Status, Is.EqualTo(502));
        Assert.That(refused.Message, Does.Contain("provider_address_not_allowed"));
        Assert.That(_inside.Requests, Is.Empty, "nothing reached the host inside");
    }

    [Test]
    public async Task A_global_admins_provider_may_target_loopback()
    {
        var id = Unique("local");
        var created = await CreateAsync("/admin/v1/providers",
            $$"""{"id":"{{id}}","kind":"openai","base_url":"http://127.0.0.1:{{_inside.Server.Port}}/v1","scope":"org:{{_org}}"}""");
        Assert.That(created["restricted_egress"]!.GetValue<bool>(), Is.False);
        var alias = await AliasAsync(id);

        Assert.That(await ChatUntilRoutedAsync(alias), Is.Null);
        Assert.That(_inside.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_operators_allow_list_lets_a_tenant_reach_a_self_hosted_model()
    {
        var id = Unique("vllm");
        await CreateAsync("/admin/v1/providers",
            $$"""{"id":"{{id}}","kind":"vllm","base_url":"http://selfhosted.tenant.test:{{_inside.Server.Port}}/v1","scope":"org:{{_org}}"}""", _orgAdmin);
        await CreateAsync("/admin/v1/providers",
            $$"""{"id":"{{Unique("net")}}","kind":"vllm","base_url":"http://10.20.3.4:8000/v1","scope":"org:{{_org}}"}""", _orgAdmin);
        var alias = await AliasAsync(id);

        Assert.That(await ChatUntilRoutedAsync(alias), Is.Null);
        Assert.That(_inside.Requests, Has.Count.EqualTo(1));
    }

    private async Task<string> AliasAsync(string provider)
    {
        var name = Unique("chat");
        await CreateAsync("/admin/v1/aliases", $$"""{"scope":"org:{{_org}}","name":"{{name}}","targets":[{"provider":"{{provider}}","model":"m"}]}""");
        return name;
    }

    /// <summary>Chats through <paramref name="alias"/> once routing knows it (it arrives by NOTIFY); the refusal, or null when served.</summary>
    private async Task<ClientResultException?> ChatUntilRoutedAsync(string alias)
    {
        ClientResultException? last = null;
        await EventuallyAsync(async () =>
        {
            try
            {
                await Gateway.ChatClient(alias, _orgKey).CompleteChatAsync([new UserChatMessage("hi")]);
                last = null;
                return true;
            }
            catch (ClientResultException ex) when (ex.Status == 404)
            {
                return false;
            }
            catch (ClientResultException ex)
            {
                last = ex;
                return true;
            }
        }, TimeSpan.FromSeconds(5));
        return last;
    }

    /// <summary>Names under <c>.tenant.test</c> resolve to loopback; the rest as DNS says.</summary>
    private sealed class TenantTestResolver : IProviderHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            host.EndsWith(".tenant.test", StringComparison.OrdinalIgnoreCase)
                ? Task.FromResult(new[] { IPAddress.Loopback })
                : Dns.GetHostAddressesAsync(host, cancellationToken);
    }
}
