namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>
/// Authenticates a Bedrock Runtime request (any operation): a Bedrock API key (<see cref="UpstreamTarget.ApiKey"/>) as a
/// bearer token, else SigV4 with the settings <c>AccessKeyId</c>, <c>SecretAccessKey</c>, optional <c>SessionToken</c> and
/// <c>SigningRegion</c> (default: from the host name), service <c>bedrock</c>. Call after the URI is set.
/// </summary>
internal static class BedrockCredentials
{
    public static void Apply(HttpRequestMessage message, UpstreamTarget target, ReadOnlySpan<byte> body, SigV4Signer signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(signer);
        if (!string.IsNullOrEmpty(target.ApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
            return;
        }
        var accessKeyId = target.GetSetting(BedrockAdapter.AccessKeyIdSetting);
        var secretAccessKey = target.GetSetting(BedrockAdapter.SecretAccessKeySetting);
        if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(secretAccessKey))
        {
            // Without credentials the request goes unsigned and Bedrock's 403 is reported as an upstream auth failure.
            return;
        }
        var region = target.GetSetting(BedrockAdapter.SigningRegionSetting) ?? BedrockEndpoint.RegionFromHost(message.RequestUri!.Host) ?? "us-east-1";
        var credentials = new AwsCredentials(accessKeyId, secretAccessKey, target.GetSetting(BedrockAdapter.SessionTokenSetting));
        signer.Sign(message, body, credentials, region, BedrockAdapter.SigningService);
    }
}
