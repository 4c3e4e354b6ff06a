using System.Net.Sockets;
using Gateway.Proxy.Usage;

namespace Gateway.Tests.EndToEnd;

/// <summary>Every kind of bad client input gets a 4xx in OpenAI's error shape, never a 500, and nothing reaches a provider.</summary>
[TestFixture]
public sealed class BadInputTests : SingleProviderFixture
{
    protected override string ProvidersJson => ProviderEntry("openai", "/v1");

    protected override string ModelsJson => """
        "gpt-4o-mini": { "Targets": [ { "Provider": "openai", "Model": "gpt-4o-mini" } ] }
        """;

    protected override string SettingsJson => """
        "Limits": { "MaxRequestBodyBytes": 4096 }
        """;

    [SetUp]
    public void AnswerChats() => Provider.AnswerChats();

    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":[", null, TestName = "Rejects_truncated_json")]
    [TestCase("not json at all", null, TestName = "Rejects_text_that_is_not_json")]
    [TestCase("[1,2,3]", null, TestName = "Rejects_a_json_array_body")]
    [TestCase("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model", TestName = "Rejects_a_missing_model")]
    [TestCase("{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model", TestName = "Rejects_a_model_that_is_not_a_string")]
    [TestCase("{\"model\":\"gpt-4o-mini\"}", "messages", TestName = "Rejects_missing_messages")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":\"hi\"}", "messages", TestName = "Rejects_messages_that_are_not_an_array")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":[]}", "messages", TestName = "Rejects_empty_messages")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"content\":\"hi\"}]}", "messages[0].role", TestName = "Rejects_a_message_without_role")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", "messages[0].role", TestName = "Rejects_an_unknown_role")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}", "messages[0].content[0].image_url.url", TestName = "Rejects_an_image_part_without_url")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}", "messages[0].tool_call_id", TestName = "Rejects_a_tool_message_without_call_id")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "stream", TestName = "Rejects_a_stream_flag_that_is_not_boolean")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "temperature", TestName = "Rejects_an_out_of_range_temperature")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"n\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "n", TestName = "Rejects_n_of_zero")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "tool_choice", TestName = "Rejects_a_named_tool_choice_without_that_tool")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"response_format\":{\"type\":\"yaml\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "response_format.type", TestName = "Rejects_an_unknown_response_format")]
    public async Task Rejects_invalid_bodies_with_400_naming_the_field(string body, string? param)
    {
        var (status, error) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
        Assert.That(error["message"]!.GetValue<string>(), Is.Not.Empty);
        if (param is not null)
        {
            Assert.That(error["param"]?.GetValue<string>(), Is.EqualTo(param));
        }
        Assert.That(Provider.Requests, Is.Empty, "nothing may reach the provider");
    }

    [TestCase("model", TestName = "Rejects_invalid_utf8_in_the_model_name")]
    [TestCase("content", TestName = "Rejects_invalid_utf8_in_a_message")]
    [TestCase("name", TestName = "Rejects_invalid_utf8_in_a_property_name")]
    public async Task Rejects_a_body_that_is_not_valid_utf8_with_400(string where)
    {
        Provider.Server.ResetLogEntries();
        var text = where switch
        {
            "model" => "{\"model\":\"gpt-4o-\u00FFmini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "content" => "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"h\u00FFi\"}]}",
            _ => "{\"model\":\"gpt-4o-mini\",\"tempe\u00FFrature\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        };
        // U+00FF stands in for a lone 0xFF byte, which no UTF-8 text contains.
        var bytes = Encoding.Latin1.GetBytes(text);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("UTF-8"));
        Assert.That(Provider.Requests, Is.Empty, "nothing may reach the provider");
    }

    [Test]
    public async Task Accepts_a_gzip_compressed_body()
    {
        Provider.Server.ResetLogEntries();
        using var content = Gzipped(Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""));

        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(Provider.LastBody()["messages"]![0]!["content"]!.GetValue<string>(), Is.EqualTo("hi"));
        Assert.That(Provider.LastHeaders().ContainsKey("Content-Encoding"), Is.False, "the provider gets the plain body");
    }

    [TestCase("gzip", TestName = "Answers_400_for_a_body_that_is_not_the_gzip_it_claims")]
    [TestCase("br", TestName = "Answers_400_for_a_body_that_is_not_the_brotli_it_claims")]
    public async Task Answers_400_for_a_body_that_is_not_the_encoding_it_claims(string encoding)
    {
        Provider.Server.ResetLogEntries();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"not {encoding} at all, just text"));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", content);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
        Assert.That(error["message"]!.GetValue<string>(), Does.Contain("decompressed"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task Accepts_a_brotli_body_and_answers_413_when_it_inflates_past_the_limit()
    {
        using var small = Brotli(Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}"""));
        using var bomb = Brotli(Encoding.UTF8.GetBytes($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]{{new string(' ', 1_000_000)}}}"""));

        using var served = await Gateway.Http.PostAsync("/v1/chat/completions", small);
        using var refused = await Gateway.Http.PostAsync("/v1/chat/completions", bomb);

        Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK), await served.Content.ReadAsStringAsync());
        Assert.That((int)refused.StatusCode, Is.EqualTo(413));
    }

    private static ByteArrayContent Brotli(byte[] body) =>
        Compressed(body, "br", buffer => new System.IO.Compression.BrotliStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true));

    [TestCase("{\"model\":\"gpt-4o-mini\\ud800\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model", TestName = "Rejects_a_lone_surrogate_in_the_model")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"\\udc00user\",\"content\":\"hi\"}]}", "messages[0].role", TestName = "Rejects_a_lone_surrogate_in_a_role")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"\\ud800\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", null, TestName = "Rejects_a_lone_surrogate_in_a_key")]
    [TestCase("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi \\ud83d\"}]}", "messages[0].content", TestName = "Rejects_a_lone_surrogate_in_a_message")]
    public async Task Rejects_a_lone_surrogate_escape_with_400(string body, string? param)
    {
        var (status, error) = await PostAsync(body);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
        Assert.That(error["param"]?.GetValue<string>(), Is.EqualTo(param));
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task Rejects_a_models_list_longer_than_the_limit_naming_models()
    {
        var models = string.Join(',', Enumerable.Repeat("\"gpt-4o-mini\"", 11));

        var (status, error) = await PostAsync($$"""{"model":"gpt-4o-mini","models":[{{models}}],"messages":[{"role":"user","content":"hi"}]}""");

        Assert.That(status, Is.EqualTo(400));
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("models"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    [TestCase("POST", "/V1/CHAT/COMPLETIONS")]
    [TestCase("POST", "/v1/Chat/Completions")]
    [TestCase("GET", "/V1/MODELS")]
    [TestCase("GET", "/API/V1/KEY")]
    [TestCase("GET", "/Api/v1/generation?id=gen-1")]
    public async Task Authenticates_a_known_path_in_any_casing(string method, string path)
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("missing_api_key"));
        Assert.That(Provider.Requests, Is.Empty);
    }

    [Test]
    public async Task Serves_an_upper_case_chat_path_with_a_key_like_the_lower_case_one()
    {
        using var response = await Gateway.Http.PostAsync("/V1/CHAT/COMPLETIONS",
            new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(Provider.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Answers_413_for_a_small_gzip_body_that_inflates_past_the_limit()
    {
        var padding = new string(' ', 1_000_000);
        using var content = Gzipped(Encoding.UTF8.GetBytes($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]{{padding}}}"""));
        Assert.That(content.Headers.ContentLength, Is.LessThan(4096), "compressed, it is within the limit");

        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", content);

        Assert.That((int)response.StatusCode, Is.EqualTo(413));
    }

    private static ByteArrayContent Gzipped(byte[] body) =>
        Compressed(body, "gzip", buffer => new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true));

    /// <summary>A JSON body compressed by the stream <paramref name="compressor"/> makes, sent with its content encoding.</summary>
    private static ByteArrayContent Compressed(byte[] body, string encoding, Func<Stream, Stream> compressor)
    {
        using var buffer = new MemoryStream();
        using (var compressing = compressor(buffer))
        {
            compressing.Write(body);
        }
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);
        return content;
    }

    [Test]
    public async Task Answers_404_for_an_unknown_model()
    {
        var (status, error) = await PostAsync("""{"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""");

        Assert.That(status, Is.EqualTo(404));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("model_not_found"));
        Assert.That(error["param"]!.GetValue<string>(), Is.EqualTo("model"));
    }

    [Test]
    public async Task Answers_413_for_a_body_over_the_limit()
    {
        var big = new string('x', 8000);
        var (status, error) = await PostAsync($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{big}}"}]}""");

        Assert.That(status, Is.EqualTo(413));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("request_too_large"));
    }

    [Test]
    public async Task Answers_413_for_a_chunked_body_that_grows_over_the_limit()
    {
        var big = new string('x', 8000);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{big}}"}]}""")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Gateway.Http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(413));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("request_too_large"));
    }

    [Test]
    public async Task Answers_415_for_a_form_body()
    {
        using var body = new StringContent("model=gpt-4o-mini", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", body);

        Assert.That((int)response.StatusCode, Is.EqualTo(415));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
    }

    [Test]
    public async Task Answers_400_for_an_empty_body()
    {
        var (status, _) = await PostAsync("");
        Assert.That(status, Is.EqualTo(400));
    }

    [TestCase(null, "missing_api_key")]
    [TestCase("Bearer wrong-key", "invalid_api_key")]
    [TestCase("Basic dXNlcjpwYXNz", "missing_api_key")]
    public async Task Answers_401_for_a_missing_or_wrong_key(string? authorization, string code)
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(JsonNode.Parse(text)!["error"]!["code"]!.GetValue<string>(), Is.EqualTo(code));
        Assert.That(text, Does.Not.Contain("wrong-key"), "a key is never echoed");
    }

    [Test]
    public async Task Accepts_the_key_in_x_api_key()
    {
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Add("x-api-key", GatewayHost.ClientKey);
        using var response = await client.PostAsync("/v1/chat/completions",
            new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Answers_404_in_openai_shape_for_an_unknown_path_and_method()
    {
        using var get = await Gateway.Http.GetAsync("/v1/chat/completions");
        using var unknown = await Gateway.Http.PostAsync("/v1/nothing-here", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.That((int)get.StatusCode, Is.EqualTo(404).Or.EqualTo(405));
        Assert.That(JsonNode.Parse(await get.Content.ReadAsStringAsync())!["error"], Is.Not.Null);
        Assert.That((int)unknown.StatusCode, Is.EqualTo(404));
        Assert.That(JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>(), Does.Contain("/v1/nothing-here"));
    }

    [Test]
    public async Task Answers_404_for_the_internal_provider_routes()
    {
        using var response = await Gateway.Http.PostAsync("/.gateway/provider/openai",
            new StringContent("""{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>(), Is.EqualTo("unknown_url"));
        Assert.That(Provider.Server.LogEntries, Is.Empty, "nothing reaches the provider through its internal route");
    }

    [TestCase("5\r\n{\"mod\r\nZZ\r\n", TestName = "Answers_400_for_a_malformed_chunk_size")]
    [TestCase("FFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n", TestName = "Answers_400_for_an_oversized_chunk")]
    [TestCase("3\r\n{\"mX\r\n", TestName = "Answers_400_for_chunk_data_not_ending_in_crlf")]
    public async Task Answers_400_for_broken_chunked_bodies(string chunkedBody)
    {
        var response = await SendRawAsync(chunkedBody, closeAfterSending: false);

        Assert.That(response, Does.StartWith("HTTP/1.1 400 "), response);
        Assert.That(response, Does.Contain("\"error\":{"), response);
    }

    [Test]
    public async Task Never_answers_5xx_to_a_body_that_breaks_off()
    {
        // The client stops mid-chunk and closes its side. Kestrel drops a half-closed connection, so there is nobody
        // left to answer; what the gateway made of the request is in its usage record.
        var sink = new RecordingUsageSink();
        await using var gateway = await GatewayHost.StartAsync(GatewayConfig(), services => services.AddSingleton<IUsageSink>(sink));

        var response = await SendRawAsync(gateway, "10\r\n{\"model\":\"x\"}", closeAfterSending: true);
        var record = await sink.NextAsync(TimeSpan.FromSeconds(10));

        Assert.That(record.Status, Is.InRange(400, 499), $"recorded {record.Status} ({record.ErrorCode}); the client saw: {response}");
        Assert.That(response, Is.Empty.Or.Match("^HTTP/1.1 4\\d\\d "), response);
        Assert.That(Provider.Requests, Is.Empty);
    }

    private string GatewayConfig() => $$"""
        {
          "Gateway": {
            "Providers": { {{ProvidersJson}} },
            "Models": { {{ModelsJson}} },
            "Keys": {{GatewayHost.KeysJson}},
            {{SettingsJson}}
          }
        }
        """;

    private Task<string> SendRawAsync(string chunkedBody, bool closeAfterSending) => SendRawAsync(Gateway, chunkedBody, closeAfterSending);

    private static async Task<string> SendRawAsync(GatewayHost gateway, string chunkedBody, bool closeAfterSending)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(gateway.BaseAddress.Host, gateway.BaseAddress.Port);
        await using var stream = socket.GetStream();
        var head = $"POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {GatewayHost.ClientKey}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + chunkedBody));
        await stream.FlushAsync();
        if (closeAfterSending)
        {
            socket.Client.Shutdown(SocketShutdown.Send);
        }

        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }
                received.Write(buffer, 0, read);
                var text = Encoding.UTF8.GetString(received.ToArray());
                if (text.Contains("\r\n\r\n", StringComparison.Ordinal) && text.Contains("\"error\"", StringComparison.Ordinal) && text.EndsWith('}'))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // A reset after a rejected request is fine; what was received before it is checked.
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    private async Task<(int Status, JsonNode Error)> PostAsync(string body)
    {
        Provider.Server.ResetLogEntries();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), text);
        return ((int)response.StatusCode, JsonNode.Parse(text)!["error"]!);
    }
}
