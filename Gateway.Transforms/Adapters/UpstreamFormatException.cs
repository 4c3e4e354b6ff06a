namespace Gateway.Transforms.Adapters;

/// <summary>The provider answered 2xx with a body that does not follow its documented format.</summary>
public sealed class UpstreamFormatException : Exception
{
    public UpstreamFormatException()
    {
    }

    public UpstreamFormatException(string message)
        : base(message)
    {
    }

    public UpstreamFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
