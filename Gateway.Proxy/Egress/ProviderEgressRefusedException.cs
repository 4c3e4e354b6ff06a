namespace Gateway.Proxy.Egress;

/// <summary>
/// Thrown by <see cref="ProviderEgressConnector"/> instead of connecting: the provider's host resolved only to addresses
/// its provider may not reach. The forwarder reports it as a transport failure; the response transform recognises it
/// and answers with <c>provider_address_not_allowed</c> without counting it against the provider's health.
/// </summary>
internal sealed class ProviderEgressRefusedException : Exception
{
    public ProviderEgressRefusedException()
        : base("The provider's address is not one the gateway may connect to.")
    {
    }

    public ProviderEgressRefusedException(string message)
        : base(message)
    {
    }

    public ProviderEgressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when <paramref name="exception"/> or one it wraps is a refusal.</summary>
    public static bool IsIn(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is ProviderEgressRefusedException)
            {
                return true;
            }
            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsIn))
            {
                return true;
            }
        }
        return false;
    }
}
