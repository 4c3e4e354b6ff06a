namespace Gateway.Proxy.Configuration;

/// <summary>
/// Shared between the config file provider (which exists before dependency injection) and the services that log
/// and report: what happened at the last reload attempt.
/// </summary>
internal sealed class ConfigReloadStatus
{
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _lastErrors = [];

    /// <summary>Raised with the errors of an edit that was rejected; the last good config stays in force.</summary>
    public event Action<IReadOnlyList<string>>? Rejected;

    public DateTimeOffset? LastRejectedAt { get; private set; }

    public IReadOnlyList<string> LastErrors
    {
        get
        {
            lock (_gate)
            {
                return _lastErrors;
            }
        }
    }

    internal void ReportRejected(IReadOnlyList<string> errors)
    {
        lock (_gate)
        {
            _lastErrors = errors;
            LastRejectedAt = DateTimeOffset.UtcNow;
        }
        Rejected?.Invoke(errors);
    }

    internal void ReportAccepted()
    {
        lock (_gate)
        {
            _lastErrors = [];
        }
    }
}
