namespace Gateway.Transforms.Embeddings;

/// <summary>What <c>input</c> holds: text (a string or an array of strings), or token ids (an array, or an array of arrays).</summary>
public enum EmbeddingsInputKind
{
    Text,
    Tokens,
}
