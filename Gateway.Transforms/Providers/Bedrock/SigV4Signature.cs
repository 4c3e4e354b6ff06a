namespace Gateway.Transforms.Providers.Bedrock;

/// <summary>Every intermediate of one Signature Version 4 computation, so each step can be checked against AWS's test suite.</summary>
internal sealed record SigV4Signature(string CanonicalRequest, string StringToSign, string SignedHeaders, string Signature, string Authorization);
