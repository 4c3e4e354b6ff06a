namespace Gateway.Proxy.Admin.Http;

/// <summary>
/// Ends an admin request with <see cref="Error"/>. Thrown by validators and access checks deep in a handler so the
/// handler reads as the happy path; <see cref="AdminExceptionFilter"/> writes it.
/// </summary>
internal sealed class AdminProblemException : Exception
{
    public AdminProblemException()
        : this(AdminErrors.Invalid(null, "The request is invalid."))
    {
    }

    public AdminProblemException(string message)
        : this(AdminErrors.Invalid(null, message))
    {
    }

    public AdminProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = AdminErrors.Invalid(null, message);
    }

    public AdminProblemException(GatewayError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public GatewayError Error { get; }
}
