using System.Net.Sockets;
using Gateway.Policies.Keys;
using Gateway.Proxy.Auth;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Auth;

/// <summary>
/// A connection remembers the hash of the last key presented on it (<see cref="ConnectionKeyHash"/>), so each request
/// must still be the key it presents: shown over one kept connection with two keys of different rights and a wrong key
/// between them, and on the memo itself.
/// </summary>
[TestFixture]
public sealed class KeptConnectionKeyTests : GatewayFixture
{
    private const string NarrowKey = "gw-test-narrow-key-9876543210";

    protected override string ProvidersJson => $$"""
        "openai": { "Kind": "openai", "BaseUrl": "{{Provider("openai").Url}}/v1", "ApiKey": "k" }
        """;

    protected override string ModelsJson => """
        "chat": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
        "other": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o" } ] }
        """;

    protected override string KeysJson => $$"""
        {
          "test": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}" },
          "narrow": { "Key": "{{NarrowKey}}", "Models": [ "other" ] }
        }
        """;

    protected override string SettingsJson => """
        "Auth": { "MaxFailuresPerWindow": 0 }
        """;

    protected override Task StartProvidersAsync()
    {
        StartProvider("openai").AnswerChats();
        return Task.CompletedTask;
    }

    [Test]
    public async Task Each_request_on_a_kept_connection_is_the_key_it_presents()
    {
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = Gateway.BaseAddress };

        var steps = new (string? Bearer, string? ApiKey, int Status, string? Code)[]
        {
            (GatewayHost.ClientKey, null, 200, null),
            (GatewayHost.ClientKey, null, 200, null),
            (NarrowKey, null, 403, "model_not_allowed"),
            ("gw-test-client-key-0123456788", null, 401, "invalid_api_key"),
            (GatewayHost.ClientKey, null, 200, null),
            (null, NarrowKey, 403, "model_not_allowed"),
            (null, GatewayHost.ClientKey, 200, null),
            (NarrowKey, null, 403, "model_not_allowed"),
        };
        foreach (var (bearer, apiKey, status, code) in steps)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"chat","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
            };
            if (bearer is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
            }
            if (apiKey is not null)
            {
                request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
            }
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
            if (code is not null)
            {
                Assert.That(JsonNode.Parse(text)!["error"]!["code"]!.GetValue<string>(), Is.EqualTo(code));
            }
        }
        Assert.That(connections, Is.EqualTo(1), "every request went over the one kept connection");
    }

    [Test]
    public void Remembers_the_last_key_of_an_http1_connection_and_no_other()
    {
        var items = new ConnectionItems();
        var first = Context("HTTP/1.1", items);

        Assert.That(ConnectionKeyHash.Of(first, "Bearer a", "a"), Is.EqualTo(KeyHash.Compute("a")));
        Assert.That(items.Items, Has.Count.EqualTo(1));
        // A header equal to the last one but another string (Kestrel did not reuse it): still the same key.
        Assert.That(ConnectionKeyHash.Of(Context("HTTP/1.1", items), new string("Bearer a"), "a"), Is.EqualTo(KeyHash.Compute("a")));
        Assert.That(ConnectionKeyHash.Of(Context("HTTP/1.1", items), "Bearer b", "b"), Is.EqualTo(KeyHash.Compute("b")));
        Assert.That(ConnectionKeyHash.Of(Context("HTTP/1.1", items), "Bearer a", "a"), Is.EqualTo(KeyHash.Compute("a")));
    }

    [Test]
    public void Leaves_the_items_of_a_multiplexed_connection_alone()
    {
        var items = new ConnectionItems();

        Assert.That(ConnectionKeyHash.Of(Context("HTTP/2", items), "Bearer a", "a"), Is.EqualTo(KeyHash.Compute("a")));
        Assert.That(items.Items, Is.Empty, "HTTP/2 streams share the connection's items across threads");
    }

    private static DefaultHttpContext Context(string protocol, ConnectionItems items)
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        context.Features.Set<IConnectionItemsFeature>(items);
        return context;
    }

    private sealed class ConnectionItems : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }
}
