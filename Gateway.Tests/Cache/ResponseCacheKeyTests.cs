using Gateway.Policies.Tenancy;
using Gateway.Proxy.Cache;

namespace Gateway.Tests.Cache;

/// <summary>The cache key: the same request in any layout is one key; anything that changes the answer, or the tenant, is another.</summary>
[TestFixture]
public sealed class ResponseCacheKeyTests
{
    private static readonly ScopeChain Acme = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    [Test]
    public void Layout_member_order_and_number_spelling_do_not_change_the_key()
    {
        var compact = Key("""{"model":"m","temperature":0,"max_tokens":100,"messages":[{"role":"user","content":"hi"}],"seed":12345678901234}""");
        var spread = Key("""
            {
              "seed": 12345678901234,
              "messages": [ { "content": "hi", "role": "user" } ],
              "max_tokens": 100.0,
              "temperature": 0.0,
              "model": "m"
            }
            """);

        Assert.That(spread, Is.EqualTo(compact));
    }

    [Test]
    public void How_the_answer_is_delivered_does_not_change_the_key()
    {
        var whole = Key("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");
        var streamed = Key("""{"model":"m","stream":true,"stream_options":{"include_usage":true},"usage":{"include":true},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.That(streamed, Is.EqualTo(whole));
    }

    [TestCase("""{"model":"other","messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","messages":[{"role":"user","content":"hi!"}]}""")]
    [TestCase("""{"model":"m","messages":[{"role":"system","content":"hi"}]}""")]
    [TestCase("""{"model":"m","temperature":0.5,"messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","stop":["x"],"messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","n":2,"messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","seed":1,"messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","tool_choice":"none","messages":[{"role":"user","content":"hi"}]}""")]
    [TestCase("""{"model":"m","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"hi"}]}""")]
    public void What_changes_the_answer_changes_the_key(string other)
    {
        Assert.That(Key(other), Is.Not.EqualTo(Key("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""")));
    }

    [Test]
    public void Tenants_and_kinds_never_share_a_key()
    {
        const string Body = """{"model":"m","input":"hi"}""";
        using var document = JsonDocument.Parse(Body);

        var acme = ResponseCacheKey.Compute("chat", Acme, document.RootElement);
        var globex = ResponseCacheKey.Compute("chat", new ScopeChain(Guid.NewGuid(), Acme.TeamId, Acme.EnvironmentId), document.RootElement);
        var config = ResponseCacheKey.Compute("chat", ScopeChain.Global, document.RootElement);
        var embeddings = ResponseCacheKey.Compute("embeddings", Acme, document.RootElement);

        Assert.That(new[] { acme, globex, config, embeddings }.Select(Convert.ToHexString).Distinct().Count(), Is.EqualTo(4));
    }

    private static string Key(string body)
    {
        using var document = JsonDocument.Parse(body);
        return Convert.ToHexString(ResponseCacheKey.Compute("chat", Acme, document.RootElement));
    }
}
