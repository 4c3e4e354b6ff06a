namespace Gateway.Transforms.Adapters;

/// <summary>
/// The request kinds a provider kind's adapters serve. The same bits as Gateway.Policies' <c>RequestKinds</c>, which
/// routing reads; the proxy maps one onto the other (Transforms and Policies depend on nothing of ours).
/// </summary>
[Flags]
public enum AdapterKinds
{
    None = 0,
    Chat = 1,
    Embeddings = 2,
    Completions = 4,
    Images = 8,
    Transcriptions = 16,
    Speech = 32,
    Moderations = 64,
}
