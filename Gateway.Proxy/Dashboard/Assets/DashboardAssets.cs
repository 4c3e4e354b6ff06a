using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Gateway.Proxy.Dashboard.Assets;

/// <summary>
/// The dashboard's built files (Vite's output), embedded in this assembly at compile time under <c>dashboard/</c> and
/// loaded once: a few hundred kilobytes, so each is kept with its gzip form rather than compressed per request.
/// Empty when the gateway was built without the dashboard (<c>-p:DashboardBuild=false</c> and no earlier build).
/// </summary>
internal sealed class DashboardAssets
{
    public const string ResourcePrefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json",
        [".txt"] = "text/plain; charset=utf-8",
        [".woff2"] = "font/woff2",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    public DashboardAssets()
        : this(typeof(DashboardAssets).Assembly)
    {
    }

    public DashboardAssets(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var path = normalized[ResourcePrefix.Length..];
            assets[path] = Create(path, memory.ToArray());
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>True when the dashboard was built into this gateway.</summary>
    public bool Built => _assets.ContainsKey("index.html");

    public bool TryGet(string path, out DashboardAsset? asset) => _assets.TryGetValue(path, out asset);

    private static DashboardAsset Create(string path, byte[] content)
    {
        var extension = System.IO.Path.GetExtension(path);
        var type = ContentTypes.GetValueOrDefault(extension, "application/octet-stream");
        byte[]? gzip = null;
        if (type.StartsWith("text/", StringComparison.Ordinal) || extension is ".svg" or ".json")
        {
            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zip.Write(content);
            }
            gzip = compressed.Length < content.Length ? compressed.ToArray() : null;
        }
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
        // Vite names bundled files by their content hash, so a changed file has a new name and the old can be cached forever.
        var immutable = path.StartsWith("assets/", StringComparison.Ordinal);
        return new DashboardAsset(path, type, content, gzip, etag, immutable);
    }
}
