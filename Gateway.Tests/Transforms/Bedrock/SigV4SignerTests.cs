using System.Security.Cryptography;
using Gateway.Transforms.Providers.Bedrock;

namespace Gateway.Tests.Transforms.Bedrock;

/// <summary>Checks the signer against cases of AWS's Signature Version 4 test suite (Fixtures/Bedrock/SigV4).</summary>
[TestFixture]
public sealed class SigV4SignerTests
{
    private static readonly AwsCredentials SuiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [TestCase("get-vanilla")]
    [TestCase("post-vanilla")]
    [TestCase("post-x-www-form-urlencoded")]
    [TestCase("get-vanilla-query-order-key-case")]
    [TestCase("get-header-value-trim")]
    [TestCase("get-header-key-duplicate")]
    [TestCase("post-sts-header-before")]
    [TestCase("get-space-normalized")]
    [TestCase("get-utf8")]
    public void Computes_the_canonical_request_string_to_sign_and_signature_of_the_suite_case(string name)
    {
        var vector = SuiteCase.Load(name);
        var headers = new List<KeyValuePair<string, string>>(vector.Headers) { new("X-Amz-Date", "20150830T123600Z") };
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(vector.Body));
        if (vector.SignBody)
        {
            headers.Add(new("x-amz-content-sha256", payloadHash));
        }
        if (vector.SessionToken is not null)
        {
            headers.Add(new("X-Amz-Security-Token", vector.SessionToken));
        }

        var signature = SigV4Signer.Compute(vector.Method, vector.Path, vector.Query, headers, payloadHash,
            SuiteCredentials with { SessionToken = vector.SessionToken }, "us-east-1", "service", SuiteTime);

        Assert.That(signature.CanonicalRequest, Is.EqualTo(vector.Expected("header-canonical-request.txt")));
        Assert.That(signature.StringToSign, Is.EqualTo(vector.Expected("header-string-to-sign.txt")));
        Assert.That(signature.Signature, Is.EqualTo(vector.Expected("header-signature.txt")));
        Assert.That(signature.Authorization, Is.EqualTo(vector.SignedAuthorization));
    }

    [TestCase("get-vanilla")]
    [TestCase("post-vanilla")]
    [TestCase("post-sts-header-before")]
    public void Signs_an_http_request_message_like_the_suite_signed_request(string name)
    {
        var vector = SuiteCase.Load(name);
        using var request = new HttpRequestMessage(new HttpMethod(vector.Method), "https://example.amazonaws.com" + vector.Path);
        var signer = new SigV4Signer(new FixedTimeProvider(SuiteTime));

        signer.Sign(request, [], SuiteCredentials with { SessionToken = vector.SessionToken }, "us-east-1", "service");

        Assert.That(request.Headers.Authorization?.ToString(), Is.EqualTo(vector.SignedAuthorization));
        Assert.That(request.Headers.GetValues("X-Amz-Date"), Is.EqualTo(new[] { "20150830T123600Z" }));
        Assert.That(request.Headers.Host, Is.EqualTo("example.amazonaws.com"));
        Assert.That(request.Headers.Contains("X-Amz-Security-Token"), Is.EqualTo(vector.SessionToken is not null));
    }

    [Test]
    public void Signs_a_form_post_with_its_content_headers_and_payload_hash_header_like_the_suite()
    {
        var vector = SuiteCase.Load("post-x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");
        request.Content = new ByteArrayContent(vector.Body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        var signer = new SigV4Signer(new FixedTimeProvider(SuiteTime));

        signer.Sign(request, vector.Body, SuiteCredentials, "us-east-1", "service", addContentSha256Header: true, ["Content-Type", "Content-Length"]);

        Assert.That(request.Headers.Authorization?.ToString(), Is.EqualTo(vector.SignedAuthorization));
        Assert.That(request.Headers.GetValues("X-Amz-Content-Sha256"), Is.EqualTo(new[] { "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e" }));
    }

    [Test]
    public void Encodes_an_already_percent_encoded_model_arn_path_once_more()
    {
        var uri = BedrockEndpoint.ConverseUri("https://bedrock-runtime.us-east-1.amazonaws.com",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0", stream: false);

        Assert.That(uri.AbsolutePath, Is.EqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-haiku-20240307-v1%3A0/converse"));
        Assert.That(SigV4Signer.CanonicalUri(uri.AbsolutePath),
            Is.EqualTo("/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-haiku-20240307-v1%253A0/converse"));
    }

    [Test]
    public void Takes_the_signing_time_from_the_time_provider()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://bedrock-runtime.eu-west-3.amazonaws.com/model/mistral.mistral-large-2402-v1%3A0/converse");
        var signer = new SigV4Signer(new FixedTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2))));

        signer.Sign(request, "{}"u8, SuiteCredentials, "eu-west-3", "bedrock");

        Assert.That(request.Headers.GetValues("X-Amz-Date"), Is.EqualTo(new[] { "20260102T010405Z" }));
        Assert.That(request.Headers.Authorization!.Parameter, Does.StartWith("Credential=AKIDEXAMPLE/20260102/eu-west-3/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature="));
    }

    /// <summary>One case directory of the suite: the request as given, the context, and the expected outputs.</summary>
    private sealed class SuiteCase
    {
        private readonly string _name;

        private SuiteCase(string name) => _name = name;

        public string Method { get; private set; } = "";

        public string Path { get; private set; } = "";

        public string Query { get; private set; } = "";

        public List<KeyValuePair<string, string>> Headers { get; } = [];

        public byte[] Body { get; private set; } = [];

        public bool SignBody { get; private set; }

        public string? SessionToken { get; private set; }

        public string SignedAuthorization { get; private set; } = "";

        public string Expected(string file) => BedrockTestRig.ReadText("SigV4", _name, file);

        public static SuiteCase Load(string name)
        {
            var vector = new SuiteCase(name);
            var raw = BedrockTestRig.ReadBytes("SigV4", name, "request.txt");
            var text = Encoding.UTF8.GetString(raw);
            var bodyStart = text.IndexOf("\n\n", StringComparison.Ordinal);
            var head = bodyStart < 0 ? text.TrimEnd('\n') : text[..bodyStart];
            vector.Body = bodyStart < 0 ? [] : Encoding.UTF8.GetBytes(text[(bodyStart + 2)..]);
            var lines = head.Split('\n');

            var requestLine = lines[0];
            var firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
            var lastSpace = requestLine.LastIndexOf(' ');
            vector.Method = requestLine[..firstSpace];
            var target = requestLine[(firstSpace + 1)..lastSpace];
            var question = target.IndexOf('?', StringComparison.Ordinal);
            vector.Path = question < 0 ? target : target[..question];
            vector.Query = question < 0 ? "" : target[(question + 1)..];
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                vector.Headers.Add(new(line[..colon], line[(colon + 1)..]));
            }

            using var context = System.Text.Json.JsonDocument.Parse(BedrockTestRig.ReadBytes("SigV4", name, "context.json"));
            vector.SignBody = context.RootElement.GetProperty("sign_body").GetBoolean();
            if (context.RootElement.GetProperty("credentials").TryGetProperty("token", out var token))
            {
                vector.SessionToken = token.GetString();
            }
            var signed = vector.Expected("header-signed-request.txt").Split('\n');
            vector.SignedAuthorization = signed.Single(l => l.StartsWith("Authorization:", StringComparison.Ordinal))["Authorization:".Length..];
            return vector;
        }
    }
}
