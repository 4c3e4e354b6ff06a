using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.Sockets;
using Gateway.Policies.Diagnostics;
using Gateway.Proxy.Hosting;
using OpenAI;

namespace Gateway.Tests.Hosting;

/// <summary>
/// SIGTERM to the real process: <c>/readyz</c> turns 503 at once while new connections are still served for the
/// pre-stop delay; then the streams in flight finish (or, past the drain deadline, end with the in-stream shutdown
/// error), every usage row reaches PostgreSQL, unused quota slices go back, and the process exits 0.
/// </summary>
[TestFixture]
public sealed class GracefulShutdownTests
{
    private const int Streams = 20;
    private const int Words = 20;
    private static readonly TimeSpan WordInterval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private TestDatabase _database = null!;
    private LongAnswerProvider _provider = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _provider = await LongAnswerProvider.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _provider.DisposeAsync();
        await _database.DisposeAsync();
    }

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("gw-drain-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Sigterm_during_20_streams_lets_every_stream_finish_and_stores_every_usage_row()
    {
        var managementPort = FreePort();
        await using var gateway = await StartGatewayAsync("sigterm", preStopDelaySeconds: 2, drainSeconds: 30,
            ("Gateway__ManagementUrls", $"http://127.0.0.1:{managementPort}"));
        var client = ChatClient(gateway, "slow");
        await StartEarlyInTheMinuteAsync();
        var firstWords = new TaskCompletionSource[Streams];
        var streams = new Task<(string Text, ChatFinishReason? Finish)>[Streams];
        for (var i = 0; i < Streams; i++)
        {
            firstWords[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            streams[i] = ReadStreamAsync(client, firstWords[i]);
        }
        await Task.WhenAll(firstWords.Select(first => first.Task)).WaitAsync(Within);

        gateway.Terminate();
        await gateway.LoggedAsync(GatewayEventIds.ShutdownBegun).WaitAsync(Within);
        // Still within the pre-stop delay: a new client on a new connection is served, and both probes say stopping.
        using var lateHttp = new HttpClient();
        var late = ReadStreamAsync(ChatClient(gateway, "slow", lateHttp), new TaskCompletionSource());
        using var probe = new HttpClient();
        using var publicReady = await probe.GetAsync(new Uri(gateway.BaseAddress, "/readyz"));
        using var managementReady = await probe.GetAsync(new Uri($"http://127.0.0.1:{managementPort}/readyz"));
        var publicBody = await publicReady.Content.ReadAsStringAsync();
        var managementBody = await managementReady.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(publicReady.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(publicBody, Is.EqualTo("""{"status":"stopping"}"""));
            Assert.That(managementReady.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(managementBody, Does.Contain("\"status\":\"stopping\""));
        });

        // After the delay the listener closes while the streams go on.
        await gateway.LoggedAsync(GatewayEventIds.ShutdownDraining).WaitAsync(Within);
        await RefusedAsync(gateway.BaseAddress.Port);

        var results = await Task.WhenAll([.. streams, late]).WaitAsync(Within);
        var exitCode = await gateway.ExitCodeAsync(Within);

        var expected = string.Concat(Enumerable.Repeat(LongAnswerProvider.Word, Words));
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(result => result.Text), Is.All.EqualTo(expected), "every stream has every word");
            Assert.That(results.Select(result => result.Finish), Is.All.EqualTo(ChatFinishReason.Stop), "every stream has its finish chunk");
            Assert.That(exitCode, Is.EqualTo(0), gateway.Output);
            Assert.That(gateway.Output, Does.Contain("\"StreamsEnded\":0"), "no stream needed the deadline");
        });
        Assert.That(await CountAsync("select count(*) from requests where requested_model = 'slow'"), Is.EqualTo(Streams + 1), gateway.Output);
        Assert.That(await CountAsync("select count(*) from requests where requested_model = 'slow' and status = 200 and error_code is null and completion_tokens = $1", Words),
            Is.EqualTo(Streams + 1), "every row is a whole answer with the provider's usage");
        // The replica leased a slice of 100 requests and used 21: the rest went back at shutdown.
        var used = await _database.ScalarAsync<decimal>(
            "select used from quota_counters where subject_kind = 'key' and subject_id = 'sigterm' and metric = 'requests' order by window_start desc limit 1");
        Assert.That(used, Is.InRange(1m, Streams + 1m));
    }

    [Test]
    public async Task Answers_still_open_at_the_drain_deadline_end_with_the_shutdown_error_and_are_recorded_so()
    {
        await using var gateway = await StartGatewayAsync("deadline", preStopDelaySeconds: 0, drainSeconds: 1,
            ("Gateway__Shutdown__DeadlineGraceSeconds", "1.5"));
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.ClientKey);
        var received = _provider.ReceivedCount;
        using var streamed = await http.SendAsync(Chat("long", stream: true), HttpCompletionOption.ResponseHeadersRead);
        var id = streamed.Headers.GetValues("x-request-id").Single();
        await using var body = await streamed.Content.ReadAsStreamAsync();
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains(LongAnswerProvider.Word, StringComparison.Ordinal))
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, await body.ReadAsync(buffer)));
        }
        var whole = http.SendAsync(Chat("long-whole", stream: false));
        await _provider.Received(received + 2).WaitAsync(Within);

        gateway.Terminate();
        var cut = false;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            cut = true;
        }
        var events = text.ToString().Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(cut, Is.False, "the stream ends with an event, not a cut connection");
            Assert.That(events[^1], Does.Contain($"\"code\":\"{DrainDeadline.ErrorCode}\"").And.Contain("\"finish_reason\":\"error\""));
            Assert.That(events, Has.None.EqualTo("data: [DONE]"));
        });
        await AsyncAssert.ThrowsAsync<HttpRequestException>(() => whole, "a whole answer cannot be sent once the drain has ended");
        Assert.That(await gateway.ExitCodeAsync(Within), Is.EqualTo(0), gateway.Output);
        Assert.That(gateway.Output, Does.Contain("\"StreamsEnded\":1"));

        var row = await RowAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(row["status"], Is.EqualTo((short)200));
            Assert.That(row["error_code"], Is.EqualTo(DrainDeadline.ErrorCode));
            Assert.That(row["stream"], Is.True);
            Assert.That((int)row["completion_tokens"]!, Is.GreaterThan(0), "billed for what was generated until then");
        });
        Assert.That(await CountAsync("select count(*) from requests where requested_model = 'long-whole' and status = 503 and error_code = $1", DrainDeadline.ErrorCode),
            Is.EqualTo(1));
    }

    private async Task<GatewayProcess> StartGatewayAsync(string keyId, double preStopDelaySeconds, double drainSeconds, params (string Name, string Value)[] more)
    {
        var config = Path.Combine(_directory, "gateway.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Gateway": {
                "Providers": { "long": { "Kind": "openai", "BaseUrl": "{{_provider.Url}}/v1", "ApiKey": "k" } },
                "Models": {
                  "slow": { "Targets": [ { "Provider": "long", "Model": "{{LongAnswerProvider.Model(Words, WordInterval)}}" } ] },
                  "long": { "Targets": [ { "Provider": "long", "Model": "{{LongAnswerProvider.Model(400, TimeSpan.FromMilliseconds(25))}}" } ] },
                  "long-whole": { "Targets": [ { "Provider": "long", "Model": "{{LongAnswerProvider.Model(400, TimeSpan.FromMilliseconds(25))}}" } ] }
                },
                "Keys": { "{{keyId}}": { "KeyHash": "sha256:{{GatewayHost.ClientKeyHash}}", "RequestsPerMinute": 1000 } }
              },
              "Logging": { "LogLevel": { "Npgsql": "Warning" } }
            }
            """);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Gateway"] = _database.ConnectionString,
            ["GATEWAY_MASTER_KEYS"] = TestMasterKeys.Entry("k1"),
            ["Gateway__Usage__SpoolDirectory"] = Path.Combine(_directory, "spool"),
            ["Gateway__Usage__MaxBatchDelaySeconds"] = "0.02",
            // Generous, so that a loaded machine (the whole suite on two cores) does not turn a slow release into a lapsed slice.
            ["Gateway__Quotas__ShutdownReleaseSeconds"] = "10",
            ["Gateway__TokenCounting__UseTokenizers"] = "false",
            ["Gateway__Shutdown__PreStopDelaySeconds"] = preStopDelaySeconds.ToString(CultureInfo.InvariantCulture),
            ["Gateway__Shutdown__DrainSeconds"] = drainSeconds.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }
        return await GatewayProcess.StartAsync(config, environment, Within);
    }

    /// <summary>
    /// The key's quota counts per UTC minute, and a slice is given back at shutdown only while its window lasts (the slice
    /// of an ended window lapses with it). The streams, the pre-stop delay and the release take ~6 s, more on a loaded
    /// machine: starting with at least 30 s of the minute left keeps the release in the window the slice came from.
    /// </summary>
    private static async Task StartEarlyInTheMinuteAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var left = TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerMinute);
        if (left < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(left + TimeSpan.FromMilliseconds(100));
        }
    }

    private static ChatClient ChatClient(GatewayProcess gateway, string model, HttpClient? http = null) =>
        new(model, new ApiKeyCredential(GatewayHost.ClientKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(gateway.BaseAddress, "/v1"),
            NetworkTimeout = Within,
            RetryPolicy = new ClientRetryPolicy(0),
            Transport = http is null ? null : new HttpClientPipelineTransport(http),
        });

    /// <summary>Reads a whole stream through the SDK (which fails on an in-stream error), signalling its first word.</summary>
    private static async Task<(string Text, ChatFinishReason? Finish)> ReadStreamAsync(ChatClient client, TaskCompletionSource firstWord)
    {
        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        try
        {
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
            {
                foreach (var part in update.ContentUpdate)
                {
                    text.Append(part.Text);
                    firstWord.TrySetResult();
                }
                finish ??= update.FinishReason;
            }
        }
        catch (Exception ex)
        {
            firstWord.TrySetException(ex);
            throw;
        }
        return (text.ToString(), finish);
    }

    private static HttpRequestMessage Chat(string model, bool stream) => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent(
            $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Hi"}]}""",
            Encoding.UTF8, "application/json"),
    };

    /// <summary>The request's usage row (written before the process exited).</summary>
    private async Task<Dictionary<string, object?>> RowAsync(string id)
    {
        await using var command = _database.DataSource.CreateCommand("select * from requests where id = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, $"no usage row for {id}");
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
        return row;
    }

    private async Task<long> CountAsync(string sql, params object?[] parameters) => await _database.ScalarAsync<long>(sql, parameters);

    /// <summary>Waits until connecting to the port is refused (the listener closes a moment after the drain is logged).</summary>
    private static async Task RefusedAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            using var socket = new TcpClient();
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"port {port} still accepts connections after the pre-stop delay");
            }
            await Task.Delay(20);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
