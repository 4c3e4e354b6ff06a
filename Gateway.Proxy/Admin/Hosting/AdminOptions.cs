namespace Gateway.Proxy.Admin.Hosting;

/// <summary>Limits of the admin API (<c>Gateway:Admin</c>).</summary>
internal sealed class AdminOptions
{
    public const string Section = "Gateway:Admin";

    /// <summary>Page size of a list when the request names none.</summary>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Largest page a list returns; a larger <c>limit</c> is capped to it, so one request cannot pull a whole table.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 500;

    /// <summary>Largest request body; admin bodies are small JSON objects, so anything near this is a mistake or an attack.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
