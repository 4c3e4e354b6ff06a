namespace Gateway.Proxy.RequestState;

/// <summary>The stable names of attempt outcomes in usage records (metrics split upstream errors by status class).</summary>
internal static class AttemptOutcomeNames
{
    public static string Of(AttemptOutcomeKind kind) => kind switch
    {
        AttemptOutcomeKind.Succeeded => "success",
        AttemptOutcomeKind.UpstreamError => "upstream_error",
        AttemptOutcomeKind.TransportError => "transport_error",
        AttemptOutcomeKind.MalformedAnswer => "malformed",
        AttemptOutcomeKind.ClientAborted => "client_aborted",
        AttemptOutcomeKind.Skipped => "skipped",
        AttemptOutcomeKind.Rejected => "rejected",
        AttemptOutcomeKind.Pending => "pending",
        _ => "other",
    };
}
