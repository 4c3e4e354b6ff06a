namespace Gateway.Tests.EndToEnd.Hostile;

/// <summary>One hostile request of the corpus (Fixtures/Hostile) and the answer it must get.</summary>
public sealed record HostileCase
{
    public required string Name { get; init; }

    public string Method { get; init; } = "POST";

    /// <summary>Sent exactly as written: no dot-segment removal or escaping on the client's side.</summary>
    public string Path { get; init; } = "/v1/chat/completions";

    /// <summary><c>client</c> (the test key), <c>none</c> or <c>wrong</c>.</summary>
    public string Key { get; init; } = "client";

    public IReadOnlyList<KeyValuePair<string, string[]>> Headers { get; init; } = [];

    /// <summary>Null sends no Content-Type.</summary>
    public string? ContentType { get; init; } = "application/json";

    /// <summary>The body's bytes; null sends none.</summary>
    public byte[]? Body { get; init; }

    public bool Chunked { get; init; }

    /// <summary>The statuses accepted (each a 4xx).</summary>
    public required IReadOnlyList<int> Expect { get; init; }

    /// <summary>The <c>param</c> the error must name, when it is about one field.</summary>
    public string? Param { get; init; }

    /// <summary>True when the param may name the field more or less precisely (a container or a part of it).</summary>
    public bool ParamPrefix { get; init; }

    /// <summary>Only meaningful with a database (the admin API exists only then).</summary>
    public bool NeedsDatabase { get; init; }

    public override string ToString() => Name;
}
