namespace Gateway.Tests.EndToEnd.Hostile;

/// <summary>
/// Sends the hostile corpus (Fixtures/Hostile) to the gateway in front of one provider of every kind (WireMock), with the
/// default health settings: every request gets a 4xx in OpenAI's error shape, never a 5xx, nothing reaches a provider,
/// and afterwards a valid request is still served by every provider.
/// </summary>
public abstract class HostileCorpusFixture
{
    private static readonly Dictionary<string, (string Path, string[] Answer)> Answers = new()
    {
        ["openai"] = ("/v1/chat/completions", ["OpenAi", "chat-text.response.json"]),
        ["anthropic"] = ("/v1/messages", ["Anthropic", "response-text.json"]),
        ["gemini"] = ("/v1beta/models/gemini-2.5-flash:generateContent", ["Gemini", "response_text.json"]),
        ["cohere"] = ("/v2/chat", ["Cohere", "Responses", "text.json"]),
        ["azure"] = ("/openai/deployments/gpt-4o-mini/chat/completions", ["Azure", "chat-text.response.json"]),
        ["bedrock"] = ("/model/anthropic.claude-3-haiku-20240307-v1:0/converse", ["Bedrock", "Responses", "text.converse.json"]),
    };

    private FakeProvider? _provider;
    private GatewayHost? _gateway;

    protected FakeProvider Provider => _provider ?? throw new InvalidOperationException("The fixture's provider is not started yet.");

    protected GatewayHost Gateway => _gateway ?? throw new InvalidOperationException("The fixture's gateway is not started yet.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _provider = new FakeProvider();
        foreach (var (path, answer) in Answers.Values)
        {
            _provider.Reply(path, 200, Fixture.Text(answer));
        }
        var url = _provider.Url;
        var config = $$"""
            {
              "Gateway": {
                "Providers": {
                  "openai": { "Kind": "openai", "BaseUrl": "{{url}}/v1", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "anthropic": { "Kind": "anthropic", "BaseUrl": "{{url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "gemini": { "Kind": "gemini", "BaseUrl": "{{url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "cohere": { "Kind": "cohere", "BaseUrl": "{{url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "azure": { "Kind": "azure", "BaseUrl": "{{url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" },
                  "bedrock": { "Kind": "bedrock", "BaseUrl": "{{url}}", "ApiKey": "{{FakeProvider.ProviderKey}}" }
                },
                "Models": {
                  "m-openai": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] },
                  "m-anthropic": { "Targets": [ { "Provider": "anthropic", "Model": "claude-sonnet-4-5" } ], "MaxOutputTokens": 1000 },
                  "m-gemini": { "Targets": [ { "Provider": "gemini", "Model": "gemini-2.5-flash" } ] },
                  "m-cohere": { "Targets": [ { "Provider": "cohere", "Model": "command-r" } ] },
                  "m-azure": { "Targets": [ { "Provider": "azure", "Model": "gpt-4o-mini" } ] },
                  "m-bedrock": { "Targets": [ { "Provider": "bedrock", "Model": "anthropic.claude-3-haiku-20240307-v1:0" } ] }
                },
                "Keys": {{GatewayHost.KeysJson}},
                "Limits": { "MaxRequestBodyBytes": {{HostileCorpus.BodyLimit}} }
              }
            }
            """;
        _gateway = await GatewayHost.StartAsync(config, extraArgs: [.. await ExtraArgsAsync()]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        _provider?.Dispose();
        await AfterStopAsync();
    }

    [Order(1)]
    [TestCaseSource(typeof(HostileCorpus), nameof(HostileCorpus.Requests))]
    public Task Refuses_a_hostile_request(HostileCase hostile) => SendAndCheckAsync(hostile);

    [Order(1)]
    [TestCaseSource(typeof(HostileCorpus), nameof(HostileCorpus.WrongTypes))]
    public Task Refuses_a_wrong_type(HostileCase hostile) => SendAndCheckAsync(hostile);

    [Order(1)]
    [TestCaseSource(typeof(HostileCorpus), nameof(HostileCorpus.ModelNames))]
    public Task Refuses_a_model_name_that_names_a_url(HostileCase hostile) => SendAndCheckAsync(hostile);

    [Test]
    [Order(2)]
    public async Task Serves_the_request_the_wrong_types_are_made_from()
    {
        Provider.Server.ResetLogEntries();
        var body = JsonNode.Parse(File.ReadAllText(Fixture.Path("Hostile", "wrong-types.json")))!["base"]!.ToJsonString();

        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(Provider.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    [Order(3)]
    public async Task Still_serves_every_provider_after_the_corpus()
    {
        foreach (var provider in HostileCorpus.Providers)
        {
            Provider.Server.ResetLogEntries();

            ChatCompletion completion = await Gateway.ChatClient($"m-{provider}").CompleteChatAsync([new UserChatMessage("hi")]);

            Assert.That(completion.Content[0].Text, Is.Not.Empty, provider);
            Assert.That(Provider.Requests.Single().RequestMessage.AbsolutePath, Is.EqualTo(Answers[provider].Path), provider);
        }
    }

    /// <summary>Command-line arguments for the gateway (a connection string, master keys).</summary>
    protected virtual Task<IReadOnlyList<string>> ExtraArgsAsync() => Task.FromResult<IReadOnlyList<string>>([]);

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    protected async Task SendAndCheckAsync(HostileCase hostile)
    {
        ArgumentNullException.ThrowIfNull(hostile);
        Provider.Server.ResetLogEntries();

        using var response = await SendAsync(hostile);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;

        Assert.That(status, Is.LessThan(500), text);
        Assert.That(hostile.Expect, Does.Contain(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), text);
        var error = JsonNode.Parse(text)?["error"];
        Assert.That(error, Is.Not.Null, text);
        Assert.That(error!["message"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, text);
        Assert.That(error["type"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, text);
        Assert.That(error.AsObject().ContainsKey("param") && error.AsObject().ContainsKey("code"), Is.True, text);
        if (hostile.Param is { } param)
        {
            var named = error["param"]?.GetValue<string>();
            if (hostile.ParamPrefix)
            {
                Assert.That(named is not null && (param == named || param.StartsWith(named + ".", StringComparison.Ordinal) || param.StartsWith(named + "[", StringComparison.Ordinal)
                    || named.StartsWith(param + ".", StringComparison.Ordinal) || named.StartsWith(param + "[", StringComparison.Ordinal)), Is.True,
                    $"param '{named}' does not name '{param}': {text}");
            }
            else
            {
                Assert.That(named, Is.EqualTo(param), text);
            }
        }
        Assert.That(Provider.Requests, Is.Empty, "nothing may reach a provider");
    }

    private async Task<HttpResponseMessage> SendAsync(HostileCase hostile)
    {
        using var client = new HttpClient();
        // Sent as written: "/v1/../admin" must reach the server with its dot segments.
        var uri = new Uri(Gateway.BaseAddress.GetLeftPart(UriPartial.Authority) + hostile.Path,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), uri);
        switch (hostile.Key)
        {
            case "client":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.ClientKey);
                break;
            case "wrong":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "gw-wrong-key-0000000000000000");
                break;
        }
        if (hostile.Body is { } body)
        {
            HttpContent content = hostile.Chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
            if (hostile.ContentType is { } contentType)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            request.Content = content;
            request.Headers.TransferEncodingChunked = hostile.Chunked;
        }
        foreach (var (name, values) in hostile.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values);
            }
            else
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, values);
            }
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await client.SendAsync(request, timeout.Token);
    }
}
