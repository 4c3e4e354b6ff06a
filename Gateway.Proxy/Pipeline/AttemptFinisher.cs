using System.Diagnostics;
using Gateway.Proxy.Metrics;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Proxy.Pipeline;

/// <summary>Closes an attempt after the forwarder returns: classifies transport failures and counts the outcome.</summary>
internal sealed class AttemptFinisher(GatewayMetrics metrics)
{
    public void Finish(HttpContext context, AttemptContext attempt)
    {
        attempt.EndTimestamp = Stopwatch.GetTimestamp();
        var forwarderError = context.Features.Get<IForwarderErrorFeature>()?.Error ?? ForwarderError.None;

        if (attempt.Kind is AttemptOutcomeKind.Pending or AttemptOutcomeKind.TransportError)
        {
            Classify(context, attempt, forwarderError);
        }
        else if (attempt.Kind == AttemptOutcomeKind.Succeeded && forwarderError is ForwarderError.ResponseBodyClient or ForwarderError.ResponseBodyCanceled)
        {
            // Served, but the client left mid-answer; usage is what the provider generated up to then.
            attempt.Kind = AttemptOutcomeKind.ClientAborted;
        }

        metrics.Attempt(attempt.Target.Provider.Id, attempt.Kind switch
        {
            AttemptOutcomeKind.Succeeded => "success",
            AttemptOutcomeKind.UpstreamError when attempt.CredentialRejected => "upstream_auth",
            AttemptOutcomeKind.UpstreamError => attempt.UpstreamStatus switch
            {
                429 => "upstream_429",
                >= 500 => "upstream_5xx",
                _ => "upstream_4xx",
            },
            AttemptOutcomeKind.TransportError => "transport_error",
            AttemptOutcomeKind.MalformedAnswer => "malformed",
            AttemptOutcomeKind.ClientAborted => "client_aborted",
            AttemptOutcomeKind.Skipped => "skipped",
            _ => "other",
        });
    }

    private static void Classify(HttpContext context, AttemptContext attempt, ForwarderError error)
    {
        var providerId = attempt.Target.Provider.Id;
        if (error is ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled
            && context.Features.Get<GatewayRequestFeature>() is { } feature && feature.Kind.UploadError(feature) is { } upload)
        {
            // The gateway stopped forwarding the client's upload (over its limit, or not a valid form): the client's
            // error, nothing learnt about the provider.
            attempt.Kind = AttemptOutcomeKind.Rejected;
            attempt.Error = upload;
            return;
        }
        switch (error)
        {
            case ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient:
                attempt.Kind = AttemptOutcomeKind.ClientAborted;
                attempt.Error = new GatewayError(499, GatewayErrorTypes.InvalidRequest, "The client closed the request.", "client_closed_request");
                break;
            case ForwarderError.NoAvailableDestinations:
                attempt.Kind = AttemptOutcomeKind.Skipped;
                attempt.Error = new GatewayError(503, GatewayErrorTypes.Upstream, $"Provider '{providerId}' has no healthy destination.", "no_available_provider");
                break;
            case ForwarderError.RequestTimedOut:
                attempt.Kind = AttemptOutcomeKind.TransportError;
                attempt.Error = UpstreamErrorMapper.Unreachable(providerId, timedOut: true);
                break;
            default:
                attempt.Kind = context.RequestAborted.IsCancellationRequested ? AttemptOutcomeKind.ClientAborted : AttemptOutcomeKind.TransportError;
                attempt.Error = UpstreamErrorMapper.Unreachable(providerId, timedOut: false);
                break;
        }
    }
}
