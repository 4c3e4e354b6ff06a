namespace Gateway.Policies.Tokens;

/// <summary>How prompt tokens are counted for a model.</summary>
public enum TokenEncoding
{
    /// <summary>Not an OpenAI model: a calibrated bytes-per-token estimate (<see cref="ByteTokenRatio"/>).</summary>
    Estimated,

    /// <summary>o200k_base: gpt-4o, gpt-4.1, gpt-4.5, gpt-5, the o-series, gpt-oss.</summary>
    O200kBase,

    /// <summary>cl100k_base: gpt-4, gpt-4-turbo, gpt-3.5-turbo, text-embedding-3.</summary>
    Cl100kBase,
}
