namespace Gateway.Proxy.Dashboard.Assets;

/// <summary>One built dashboard file, held in memory with its gzip form and validator.</summary>
internal sealed record DashboardAsset(string Path, string ContentType, byte[] Content, byte[]? Gzip, string ETag, bool Immutable);
