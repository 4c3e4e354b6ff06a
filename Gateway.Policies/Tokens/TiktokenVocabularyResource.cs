using System.IO.Compression;
using System.Reflection;

namespace Gateway.Policies.Tokens;

/// <summary>
/// Loads a tiktoken vocabulary from the deflated resource that a Microsoft.ML.Tokenizers.Data.* assembly embeds
/// (<c>o200k_base.tiktoken.deflate</c>, say): the data ships with those packages, so nothing is downloaded or copied.
/// </summary>
internal static class TiktokenVocabularyResource
{
    private const string ResourceSuffix = ".tiktoken.deflate";

    /// <param name="assemblyName">The data assembly, e.g. <c>Microsoft.ML.Tokenizers.Data.O200kBase</c>.</param>
    public static TiktokenVocabulary Load(string assemblyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyName);
        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            {
                continue;
            }
            using var compressed = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The resource {name} of {assemblyName} cannot be opened.");
            using var text = new DeflateStream(compressed, CompressionMode.Decompress);
            return TiktokenVocabularyReader.Read(text);
        }
        throw new InvalidOperationException($"{assemblyName} embeds no *{ResourceSuffix} resource.");
    }
}
