namespace Gateway.Transforms.Streaming;

/// <summary>Why reading the provider's stream stopped early.</summary>
public enum StreamFailureKind
{
    /// <summary>The connection broke or the provider reset the stream.</summary>
    Broken,

    /// <summary>No bytes arrived within the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The caller's stop signal (the gateway's drain deadline at shutdown) ended it.</summary>
    Stopped,
}
