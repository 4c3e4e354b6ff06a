using System.ClientModel;
using Gateway.Policies.Quotas;
using Gateway.Proxy.Configuration;
using Gateway.Tests.Admin;

namespace Gateway.Tests.EndToEnd;

/// <summary>
/// What a key may reach, end to end through the OpenAI SDK: its allow-list holds for every name the request can reach
/// (OpenRouter's <c>models</c> fallbacks too), <c>provider/model</c> addressing needs the key's and the provider's
/// permission, and a model without a price is refused while a budget applies (it would cost nothing against it).
/// Nothing refused reaches the provider.
/// </summary>
[TestFixture]
public sealed class KeyModelAccessTests : AdminTest
{
    private const string NoDirectKey = "gw-test-no-direct-key-0123456789";
    private const string BudgetKey = "gw-test-budget-key-0123456789";

    private FakeProvider? _upstream;

    protected override string ExtraGatewayConfig
    {
        get
        {
            _upstream ??= new FakeProvider();
            return $$"""
                "Providers": {
                  "upstream": { "Kind": "openai", "BaseUrl": "{{_upstream.Url}}/v1", "ApiKey": "sk-upstream" },
                  "aliased-only": { "Kind": "openai", "BaseUrl": "{{_upstream.Url}}/v1", "ApiKey": "sk-upstream", "AllowDirectModels": false }
                },
                "Models": {
                  "chat": { "Targets": [ { "Provider": "upstream", "Model": "priced", "Price": { "InputPerMTok": 1, "OutputPerMTok": 2 } } ] },
                  "forbidden": { "Targets": [ { "Provider": "upstream", "Model": "secret-model", "Price": { "InputPerMTok": 1, "OutputPerMTok": 2 } } ] },
                  "unpriced": { "Targets": [ { "Provider": "upstream", "Model": "free-model" } ] },
                  "through-alias": { "Targets": [ { "Provider": "aliased-only", "Model": "m" } ] }
                },
                "Keys": {
                  "nodirect": { "KeyHash": "sha256:{{Hash(NoDirectKey)}}", "AllowDirectModels": false },
                  "budget": { "KeyHash": "sha256:{{Hash(BudgetKey)}}", "DailyBudgetUsd": 100 }
                },
                """;
        }
    }

    [OneTimeTearDown]
    public void StopUpstream() => _upstream?.Dispose();

    [SetUp]
    public void Answer()
    {
        _upstream!.Reset();
        _upstream.AnswerChats();
    }

    [Test]
    public async Task A_fallback_outside_the_keys_allow_list_is_refused_before_anything_is_sent()
    {
        var key = await DatabaseKeyAsync("""{"allowed_models":["chat"]}""");

        var refused = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("chat", key)
            .CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions().WithFallbackModels("forbidden")));

        Assert.That(refused!.Status, Is.EqualTo(403));
        Assert.That(refused.Message, Does.Contain("model_not_allowed").And.Contain("forbidden"));
        Assert.That(_upstream!.Requests, Is.Empty);
        await AsyncAssert.DoesNotThrowAsync(() => Gateway.ChatClient("chat", key).CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions().WithFallbackModels("chat")));
    }

    [Test]
    public async Task A_database_key_addresses_provider_models_directly_only_where_its_binding_allows_it()
    {
        var plain = await DatabaseKeyAsync("{}");
        var direct = await DatabaseKeyAsync("""{"allow_direct_models":true}""");

        var refused = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("upstream/priced", plain).CompleteChatAsync([new UserChatMessage("hi")]));
        var refusedFallback = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("chat", plain)
            .CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions().WithFallbackModels("upstream/secret-model")));

        Assert.That((refused!.Status, refusedFallback!.Status), Is.EqualTo((403, 403)));
        Assert.That(refused.Message, Does.Contain("direct_model_not_allowed"));
        Assert.That(_upstream!.Requests, Is.Empty);
        var served = await Gateway.ChatClient("upstream/priced", direct).CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.That(served.Value.Content[0].Text, Is.Not.Empty);
        Assert.That(_upstream.LastBody()["model"]!.GetValue<string>(), Is.EqualTo("priced"));
    }

    [Test]
    public async Task A_config_key_and_a_provider_can_each_turn_direct_addressing_off()
    {
        var keyRefused = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("upstream/priced", NoDirectKey).CompleteChatAsync([new UserChatMessage("hi")]));
        var providerRefused = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("aliased-only/m").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That((keyRefused!.Status, providerRefused!.Status), Is.EqualTo((403, 403)));
        Assert.That(providerRefused.Message, Does.Contain("direct_model_not_allowed"));
        Assert.That(_upstream!.Requests, Is.Empty);
        await AsyncAssert.DoesNotThrowAsync(() => Gateway.ChatClient("chat", NoDirectKey).CompleteChatAsync([new UserChatMessage("hi")]), "aliases still serve");
        await AsyncAssert.DoesNotThrowAsync(() => Gateway.ChatClient("through-alias").CompleteChatAsync([new UserChatMessage("hi")]), "the provider serves through its aliases");
        await AsyncAssert.DoesNotThrowAsync(() => Gateway.ChatClient("upstream/priced").CompleteChatAsync([new UserChatMessage("hi")]), "config keys address directly by default");
    }

    [Test]
    public async Task An_unpriced_model_is_refused_naming_it_while_a_budget_applies_to_the_key()
    {
        var budgeted = await DatabaseKeyAsync("""{"allow_direct_models":true}""", costQuota: 10);

        var direct = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("upstream/free-model", budgeted).CompleteChatAsync([new UserChatMessage("hi")]));
        var alias = await AsyncAssert.ThrowsAsync<ClientResultException>(() => Gateway.ChatClient("unpriced", BudgetKey).CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.That((direct!.Status, alias!.Status), Is.EqualTo((400, 400)));
        Assert.That(direct.Message, Does.Contain("model_price_unknown").And.Contain("upstream/free-model"));
        Assert.That(alias.Message, Does.Contain("model_price_unknown").And.Contain("upstream/free-model"));
        Assert.That(_upstream!.Requests, Is.Empty);
        await AsyncAssert.DoesNotThrowAsync(() => Gateway.ChatClient("chat", budgeted).CompleteChatAsync([new UserChatMessage("hi")]), "a priced model is counted and served");
        await AsyncAssert.DoesNotThrowAsync(() => Gateway.ChatClient("unpriced").CompleteChatAsync([new UserChatMessage("hi")]), "without a budget an unpriced model serves");
    }

    /// <summary>A database key with one organization binding (<paramref name="binding"/>'s fields added) and, optionally, a monthly cost quota.</summary>
    private async Task<string> DatabaseKeyAsync(string binding, decimal? costQuota = null)
    {
        var org = await CreateOrganizationAsync();
        var fields = binding.Trim().TrimStart('{').TrimEnd('}');
        var scope = $$"""{"scope":"org:{{org}}"{{(fields.Length > 0 ? "," + fields : string.Empty)}}}""";
        var created = await CreateAsync("/admin/v1/keys", $$"""{"name":"{{Unique("access")}}","bindings":[{{scope}}]}""");
        if (costQuota is { } limit)
        {
            await CreateAsync("/admin/v1/quotas",
                $$"""{"subject_kind":"key","subject_id":"{{created["key"]!["id"]}}","metric":"cost","window":"month","limit":{{limit}}}""");
            // Quota rows reach the replicas by NOTIFY: wait until this one is in force.
            var subject = QuotaSubject.Key(created["key"]!["id"]!.ToString());
            var catalog = Gateway.Services.GetRequiredService<CatalogPublisher>();
            await EventuallyAsync(() => Task.FromResult(catalog.Current.Catalog.Quotas.For(subject).Count > 0), TimeSpan.FromSeconds(5));
        }
        return created["secret"]!.GetValue<string>();
    }

    private static string Hash(string key) => GatewayHost.KeyHash(key);
}
