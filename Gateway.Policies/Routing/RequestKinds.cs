namespace Gateway.Policies.Routing;

/// <summary>
/// The kinds of request the gateway serves, one per OpenAI endpoint family. A request is exactly one kind; a model, a
/// provider kind or an alias serves a set of them (the proxy tells routing which provider kinds serve which).
/// </summary>
[Flags]
public enum RequestKinds
{
    None = 0,

    /// <summary><c>POST /v1/chat/completions</c> (and the doors that translate into it).</summary>
    Chat = 1,

    /// <summary><c>POST /v1/embeddings</c>.</summary>
    Embeddings = 2,

    /// <summary><c>POST /v1/completions</c> (legacy text completions).</summary>
    Completions = 4,

    /// <summary><c>POST /v1/images/generations</c>, <c>/edits</c>, <c>/variations</c>.</summary>
    Images = 8,

    /// <summary><c>POST /v1/audio/transcriptions</c> and <c>/translations</c>.</summary>
    Transcriptions = 16,

    /// <summary><c>POST /v1/audio/speech</c>.</summary>
    Speech = 32,

    /// <summary><c>POST /v1/moderations</c>.</summary>
    Moderations = 64,
}
