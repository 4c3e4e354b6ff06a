namespace Gateway.Transforms.Providers;

/// <summary>Joins a provider's documented API root with an adapter's path.</summary>
public static class ProviderUris
{
    public static string Combine(string baseUrl, string path)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(path);
        return string.Concat(baseUrl.AsSpan().TrimEnd('/'), path);
    }
}
