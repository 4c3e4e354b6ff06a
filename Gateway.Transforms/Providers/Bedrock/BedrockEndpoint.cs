namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>Builds Bedrock Runtime URIs and finds the signing region in an endpoint's host name.</summary>
internal static class BedrockEndpoint
{
    /// <summary>
    /// <c>{BaseUrl}/model/{modelId}/converse</c> or <c>/converse-stream</c>. The model id is one path segment, so an ARN's
    /// <c>:</c> and <c>/</c> are percent-encoded (the SigV4 canonical path then encodes them once more).
    /// </summary>
    public static Uri ConverseUri(string baseUrl, string modelId, bool stream) =>
        new(ProviderUris.Combine(baseUrl, $"/model/{ProviderUris.EscapeSegment(modelId)}/{(stream ? "converse-stream" : "converse")}"));

    /// <summary>
    /// The region in <c>bedrock-runtime.{region}.amazonaws.com</c> (also <c>-fips</c>, <c>.amazonaws.com.cn</c> and
    /// VPC endpoint names, where the label after <c>bedrock-runtime</c> is the region); null when the host does not say.
    /// </summary>
    public static string? RegionFromHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var labels = host.Split('.');
        for (var i = 0; i < labels.Length - 1; i++)
        {
            if (labels[i] is "bedrock-runtime" or "bedrock-runtime-fips")
            {
                return labels[i + 1];
            }
        }
        return null;
    }
}
