namespace Gateway.Policies.Routing;

/// <summary>
/// The words for <see cref="RequestKinds"/> used in config (<c>"Kinds": ["embeddings"]</c>), <c>/v1/models</c>, usage rows
/// and metric labels: <c>chat</c>, <c>embeddings</c>, <c>completions</c>, <c>images</c>, <c>transcriptions</c>,
/// <c>speech</c>, <c>moderations</c>.
/// </summary>
public static class RequestKindNames
{
    private static readonly (RequestKinds Kind, string Name)[] All =
    [
        (RequestKinds.Chat, "chat"),
        (RequestKinds.Embeddings, "embeddings"),
        (RequestKinds.Completions, "completions"),
        (RequestKinds.Images, "images"),
        (RequestKinds.Transcriptions, "transcriptions"),
        (RequestKinds.Speech, "speech"),
        (RequestKinds.Moderations, "moderations"),
    ];

    /// <summary>Every kind.</summary>
    public const RequestKinds Every = RequestKinds.Chat | RequestKinds.Embeddings | RequestKinds.Completions | RequestKinds.Images
        | RequestKinds.Transcriptions | RequestKinds.Speech | RequestKinds.Moderations;

    /// <summary>Every name, in the order above (for error messages).</summary>
    public static string Known { get; } = string.Join(", ", All.Select(entry => entry.Name));

    public static bool TryParse(string? name, out RequestKinds kind)
    {
        foreach (var (value, word) in All)
        {
            if (string.Equals(word, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = value;
                return true;
            }
        }
        kind = RequestKinds.None;
        return false;
    }

    /// <summary>The name of one kind (the first set bit of <paramref name="kind"/>).</summary>
    public static string Of(RequestKinds kind)
    {
        foreach (var (value, word) in All)
        {
            if ((kind & value) != 0)
            {
                return word;
            }
        }
        return "none";
    }

    public static IReadOnlyList<string> ToNames(RequestKinds kinds)
    {
        var names = new List<string>(2);
        foreach (var (value, word) in All)
        {
            if ((kinds & value) != 0)
            {
                names.Add(word);
            }
        }
        return names;
    }
}
