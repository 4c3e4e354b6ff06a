namespace Gateway.Transforms.Adapters;

/// <summary>
/// The provider answered 2xx with a well-formed body that reports the generation itself failed (for example
/// Cohere's <c>finish_reason: ERROR</c>). Unlike <see cref="UpstreamFormatException"/> the provider is not
/// misbehaving; the client should see <see cref="Error"/>.
/// </summary>
internal sealed class UpstreamGenerationException : Exception
{
    public UpstreamGenerationException()
        : this(Failed("The provider reported that the generation failed."))
    {
    }

    public UpstreamGenerationException(string message)
        : this(Failed(message))
    {
    }

    public UpstreamGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = Failed(message);
    }

    public UpstreamGenerationException(GatewayError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The error the client gets.</summary>
    public GatewayError Error { get; }

    private static GatewayError Failed(string message) => GatewayError.UpstreamFailure(502, message, "upstream_error");
}
