using Gateway.Transforms.Providers.Bedrock;

namespace Gateway.Tests.Transforms.Bedrock;

[TestFixture]
public sealed class BedrockAdapterTests
{
    private const string BaseUrl = "https://bedrock-runtime.us-west-2.amazonaws.com";
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Test]
    public void Declares_kind_and_capabilities()
    {
        var adapter = new BedrockAdapter();

        Assert.That(adapter.Kind, Is.EqualTo("bedrock"));
        Assert.That(adapter.Capabilities, Is.EqualTo(ProviderCapabilities.Tools | ProviderCapabilities.Vision | ProviderCapabilities.JsonObject
            | ProviderCapabilities.JsonSchema));
    }

    [TestCase(false, "https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "application/json")]
    [TestCase(true, "https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream", "application/vnd.amazon.eventstream")]
    public void Addresses_converse_or_converse_stream_with_the_encoded_model_id(bool stream, string uri, string accept)
    {
        using var message = Prepare(BedrockTestRig.Target(apiKey: "bedrock-api-key-123"), stream);

        Assert.That(message.RequestUri!.AbsoluteUri, Is.EqualTo(uri));
        Assert.That(message.Headers.Accept.ToString(), Is.EqualTo(accept));
    }

    [Test]
    public void Sends_a_bedrock_api_key_as_a_bearer_token_without_signing()
    {
        using var message = Prepare(BedrockTestRig.Target(apiKey: "bedrock-api-key-123", settings: Credentials()), stream: false);

        Assert.That(message.Headers.Authorization!.Scheme, Is.EqualTo("Bearer"));
        Assert.That(message.Headers.Authorization.Parameter, Is.EqualTo("bedrock-api-key-123"));
        Assert.That(message.Headers.Contains("X-Amz-Date"), Is.False);
    }

    [Test]
    public void Signs_with_sigv4_for_service_bedrock_in_the_region_of_the_host()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}""");

        using var message = Prepare(BedrockTestRig.Target(settings: Credentials()), stream: true, body);

        var expected = SigV4Signer.Compute("POST", message.RequestUri!.AbsolutePath, "",
            [new("host", "bedrock-runtime.us-west-2.amazonaws.com"), new("x-amz-date", "20260304T050607Z")],
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)),
            new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "us-west-2", "bedrock", Now);
        Assert.That(message.Headers.Authorization!.ToString(), Is.EqualTo(expected.Authorization));
        Assert.That(expected.Authorization, Does.Contain("/20260304/us-west-2/bedrock/aws4_request, SignedHeaders=host;x-amz-date,"));
        Assert.That(expected.CanonicalRequest, Does.StartWith("POST\n/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse-stream\n"));
    }

    [Test]
    public void Escapes_a_hostile_model_id_into_one_segment_and_signs_the_path_encoded_once_more()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var target = new UpstreamTarget
        {
            ProviderId = "bedrock",
            Kind = "bedrock",
            Model = "../../guardrail/x?y=1#z caf\u00e9",
            Settings = Credentials(),
        };

        using var message = Prepare(target, stream: false, body);

        Assert.That(message.RequestUri!.Host, Is.EqualTo("bedrock-runtime.us-west-2.amazonaws.com"));
        Assert.That(message.RequestUri.AbsolutePath, Is.EqualTo("/model/..%2F..%2Fguardrail%2Fx%3Fy%3D1%23z%20caf%C3%A9/converse"));
        Assert.That(message.RequestUri.Query, Is.Empty);
        // SigV4 (every service but S3) encodes each byte of the path as sent once more: "%" becomes "%25".
        var expected = SigV4Signer.Compute("POST", message.RequestUri.AbsolutePath, "",
            [new("host", "bedrock-runtime.us-west-2.amazonaws.com"), new("x-amz-date", "20260304T050607Z")],
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)),
            new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "us-west-2", "bedrock", Now);
        Assert.That(expected.CanonicalRequest, Does.StartWith("POST\n/model/..%252F..%252Fguardrail%252Fx%253Fy%253D1%2523z%2520caf%25C3%25A9/converse\n\n"));
        Assert.That(message.Headers.Authorization!.ToString(), Is.EqualTo(expected.Authorization));
    }

    [TestCase(".")]
    [TestCase("..")]
    public void Refuses_a_dot_segment_model_id_that_no_escaping_keeps_in_the_path(string model)
    {
        var target = new UpstreamTarget { ProviderId = "bedrock", Kind = "bedrock", Model = model };
        using var body = new Gateway.Transforms.Buffers.PooledByteBufferWriter();

        var error = new BedrockAdapter().WriteRequestBody(BedrockTestRig.Parse("""{"model":"x","messages":[{"role":"user","content":"hi"}]}"""), target, body);

        RefusalAssert.IsBadRequestNaming(error, "model");
        Assert.That(body.WrittenCount, Is.Zero);
    }

    [Test]
    public void Sends_the_session_token_of_temporary_credentials_and_uses_the_configured_region()
    {
        var settings = new Dictionary<string, string>(Credentials()) { ["SessionToken"] = "FQoGZXIvYXdzEJr//////////wEaDO", ["SigningRegion"] = "eu-central-1" };

        using var message = Prepare(BedrockTestRig.Target(settings: settings), stream: false);

        Assert.That(message.Headers.GetValues("X-Amz-Security-Token"), Is.EqualTo(new[] { "FQoGZXIvYXdzEJr//////////wEaDO" }));
        Assert.That(message.Headers.Authorization!.Parameter, Does.Contain("/eu-central-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token,"));
    }

    [Test]
    public void Leaves_the_request_unsigned_without_credentials()
    {
        using var message = Prepare(BedrockTestRig.Target(), stream: false);

        Assert.That(message.Headers.Authorization, Is.Null);
    }

    [TestCase("bedrock-runtime.us-east-1.amazonaws.com", "us-east-1")]
    [TestCase("bedrock-runtime-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1")]
    [TestCase("bedrock-runtime.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [TestCase("vpce-0abc123-xyz.bedrock-runtime.ap-southeast-2.vpce.amazonaws.com", "ap-southeast-2")]
    [TestCase("localhost", null)]
    public void Finds_the_region_in_the_host_name(string host, string? region)
    {
        Assert.That(BedrockEndpoint.RegionFromHost(host), Is.EqualTo(region));
    }

    [Test]
    public void Reads_errors_with_the_bedrock_error_reader()
    {
        var detail = new BedrockAdapter().ReadError("""{"message":"Too many requests, please wait before trying again."}"""u8);

        Assert.That(detail.Message, Is.EqualTo("Too many requests, please wait before trying again."));
    }

    private static Dictionary<string, string> Credentials() => new()
    {
        ["AccessKeyId"] = "AKIDEXAMPLE",
        ["SecretAccessKey"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    };

    private static HttpRequestMessage Prepare(UpstreamTarget target, bool stream, byte[]? body = null)
    {
        var adapter = new BedrockAdapter(new FixedTimeProvider(Now));
        var message = new HttpRequestMessage(HttpMethod.Post, "http://placeholder/");
        adapter.PrepareRequest(message, BaseUrl + "/", target, stream, body ?? []);
        return message;
    }
}
