namespace Gateway.Transforms.Embeddings;

/// <summary>OpenAI's <c>encoding_format</c>: <see cref="Numbers"/> is <c>float</c>, vectors as JSON numbers, or as base64 of little-endian float32 (the OpenAI SDKs' default).</summary>
internal enum EmbeddingsEncoding
{
    Numbers,
    Base64,
}
