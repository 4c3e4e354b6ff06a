namespace Gateway.Proxy.Options;

/// <summary>Size and attempt limits (<c>Gateway:Limits</c>).</summary>
internal sealed class GatewayLimitsOptions
{
    public const string Section = "Gateway:Limits";

    /// <summary>Largest request body accepted; larger gets 413. Images travel inline as base64, so this is generous.</summary>
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Largest <c>/v1/embeddings</c> body accepted; larger gets 413. Text only, so smaller than chat's.</summary>
    [Range(1024, 1L << 30)]
    public long MaxEmbeddingsBodyBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Most inputs one <c>/v1/embeddings</c> request may carry (OpenAI's own limit is 2048); more is a 400 naming <c>input</c>.</summary>
    [Range(1, 100_000)]
    public int MaxEmbeddingInputs { get; set; } = 2048;

    /// <summary>Largest <c>/v1/completions</c> body accepted (legacy text completions); larger gets 413. Text only.</summary>
    [Range(1024, 1L << 30)]
    public long MaxCompletionsBodyBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Largest <c>/v1/moderations</c> body accepted; larger gets 413. Images travel inline as base64 (OpenAI takes up to 20 MB).</summary>
    [Range(1024, 1L << 30)]
    public long MaxModerationsBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Largest whole (non-stream) provider answer the gateway will convert.</summary>
    [Range(1024, 1L << 30)]
    public long MaxResponseBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How much of a provider's error body is read to extract its message.</summary>
    [Range(256, 16L * 1024 * 1024)]
    public int MaxErrorBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Providers tried per request, including the first.</summary>
    [Range(1, 32)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>
    /// Largest single event of a provider's stream (an SSE event, a Bedrock event-stream message, at most 16 MiB); a
    /// larger one ends the stream with an in-stream error and counts as a malformed answer.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxStreamEventBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Largest <c>multipart/form-data</c> upload (image edits and variations, transcriptions, translations); larger gets
    /// 413, counted while the upload streams through (a body that passes it mid-forwarding aborts the provider's request).
    /// </summary>
    [Range(1024, 4L << 30)]
    public long MaxMultipartBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How much of an upload is read and held before its <c>model</c> field must have been seen (the OpenAI .NET and Node
    /// SDKs send it after the file): a form whose <c>model</c> comes later is a 400 naming <c>model</c>. Uploads are
    /// otherwise streamed, never held.
    /// </summary>
    [Range(1024, 1L << 30)]
    public long MultipartLookAheadBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Most entries in a request's <c>models</c> fallback list (OpenRouter's); more is a 400 naming <c>models</c>.</summary>
    [Range(1, 100)]
    public int MaxFallbackModels { get; set; } = 10;
}
