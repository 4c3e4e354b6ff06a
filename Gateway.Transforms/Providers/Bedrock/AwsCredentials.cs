namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>An AWS access key pair, with the session token that temporary (STS) credentials carry. Never logged.</summary>
internal readonly record struct AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
