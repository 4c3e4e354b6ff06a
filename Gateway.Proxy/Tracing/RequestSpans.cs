using System.Diagnostics;

namespace Gateway.Proxy.Tracing;

/// <summary>
/// The spans of one model request: attributes and events on the server span (the ASP.NET Core instrumentation's),
/// a routing span, and a client span per attempt, named and tagged after the GenAI semantic conventions. Every method
/// returns at once when tracing is off (<see cref="GatewayTelemetry.Recording"/>). Never prompt or completion text,
/// unless <see cref="TracingOptions.RecordBodies"/> and the key's environment stores bodies.
/// </summary>
internal static class RequestSpans
{
    /// <summary>The server span of the request, when it is being recorded.</summary>
    public static Activity? Server() => GatewayTelemetry.Recording(Activity.Current);

    public static Activity? StartRouting(GatewayRequestFeature feature)
    {
        var activity = GatewayTelemetry.Source.StartActivity("gateway.route", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true } && feature.Parsed is { } request)
        {
            activity.SetTag(GenAiAttributes.OperationName, OperationName(feature));
            activity.SetTag(GenAiAttributes.RequestModel, request.Model);
        }
        return activity;
    }

    /// <summary>Ends the routing span with the decision: the policy, the candidates in order, the ones dropped and why.</summary>
    public static void EndRouting(Activity? activity, GatewayRequestFeature feature, GatewayError? error)
    {
        if (activity is null)
        {
            return;
        }
        if (activity.IsAllDataRequested)
        {
            if (feature.Decision is { } decision)
            {
                activity.SetTag(GenAiAttributes.Policy, decision.Policy.Describe());
                activity.SetTag(GenAiAttributes.EstimatedPromptTokens, decision.EstimatedPromptTokens);
                var candidates = new string[decision.Candidates.Count];
                for (var i = 0; i < candidates.Length; i++)
                {
                    candidates[i] = Name(decision.Candidates[i]);
                }
                activity.SetTag(GenAiAttributes.Candidates, candidates);
                if (decision.Dropped.Count > 0)
                {
                    var dropped = new string[decision.Dropped.Count];
                    for (var i = 0; i < dropped.Length; i++)
                    {
                        var drop = decision.Dropped[i];
                        dropped[i] = $"{Name(drop.Target)}: {drop.Reason}: {drop.Detail}";
                    }
                    activity.SetTag(GenAiAttributes.Dropped, dropped);
                }
            }
            if (error is not null)
            {
                SetError(activity, error);
            }
        }
        activity.Stop();
    }

    /// <summary>A candidate passed over without an attempt (out of service, another tenant's, circuit open): an event on the server span.</summary>
    public static void Skipped(Activity? server, RouteTarget target, string reason)
    {
        if (server is null)
        {
            return;
        }
        server.AddEvent(new ActivityEvent("gateway.candidate.skipped", tags: new ActivityTagsCollection
        {
            [GenAiAttributes.ProviderId] = target.Provider.Id,
            [GenAiAttributes.RequestModel] = target.Model,
            ["gateway.reason"] = reason,
        }));
    }

    /// <summary>A quota verdict (admission by request count, then tokens and cost): an event on the server span.</summary>
    public static void Quota(Activity? server, string stage, GatewayError? refusal)
    {
        if (server is null)
        {
            return;
        }
        var tags = new ActivityTagsCollection { ["gateway.quota.stage"] = stage, ["gateway.quota.outcome"] = refusal is null ? "admitted" : "refused" };
        if (refusal is not null)
        {
            tags[GenAiAttributes.ErrorType] = ErrorType(refusal);
        }
        server.AddEvent(new ActivityEvent("gateway.quota", tags: tags));
    }

    /// <summary>Starts the client span of one attempt (current while the forwarder sends it, so the HTTP client span is its child).</summary>
    public static Activity? StartAttempt(GatewayRequestFeature feature, AttemptContext attempt)
    {
        var source = GatewayTelemetry.Source;
        if (!source.HasListeners())
        {
            return null;
        }
        var operation = OperationName(feature);
        var target = attempt.Target;
        var activity = source.StartActivity($"{operation} {target.Model}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            var provider = GenAiProviderNames.Of(target.Provider.Kind);
            activity.SetTag(GenAiAttributes.OperationName, operation);
            activity.SetTag(GenAiAttributes.ProviderName, provider);
            activity.SetTag(GenAiAttributes.System, provider);
            activity.SetTag(GenAiAttributes.RequestModel, target.Model);
            activity.SetTag(GenAiAttributes.ProviderId, target.Provider.Id);
            activity.SetTag(GenAiAttributes.AttemptNumber, attempt.Number);
            activity.SetTag(GenAiAttributes.AttemptReason, Reason(feature, attempt));
            activity.SetTag(GenAiAttributes.Stream, feature.Parsed?.Stream ?? false);
            if (attempt.PanicReason is { } panic)
            {
                activity.SetTag(GenAiAttributes.PanicReason, panic);
            }
        }
        return activity;
    }

    /// <summary>Ends an attempt's span with how it ended and, for a served answer, what the provider said it used (a stream's once it has ended).</summary>
    public static void EndAttempt(Activity? activity, AttemptContext attempt)
    {
        if (activity is null)
        {
            return;
        }
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(GenAiAttributes.AttemptOutcome, AttemptOutcomeNames.Of(attempt.Kind));
            if (attempt.DestinationId is { } destination)
            {
                activity.SetTag(GenAiAttributes.Destination, destination);
            }
            if (attempt.UpstreamStatus is { } status)
            {
                activity.SetTag(GenAiAttributes.HttpResponseStatusCode, status);
            }
            var outcome = attempt.Outcome;
            if (outcome.ProviderModel is { } served)
            {
                activity.SetTag(GenAiAttributes.ResponseModel, served);
            }
            if (outcome.ProviderResponseId is { } id)
            {
                activity.SetTag(GenAiAttributes.ResponseId, id);
            }
            if (outcome.FinishReason is { } finish)
            {
                activity.SetTag(GenAiAttributes.ResponseFinishReasons, new[] { finish });
            }
            if (outcome.Usage is { } usage)
            {
                activity.SetTag(GenAiAttributes.UsageInputTokens, usage.PromptTokens);
                activity.SetTag(GenAiAttributes.UsageOutputTokens, usage.CompletionTokens);
            }
            // A served answer can still have failed inside its stream.
            var error = attempt.Kind is AttemptOutcomeKind.Succeeded or AttemptOutcomeKind.ClientAborted ? outcome.StreamError : attempt.Error ?? outcome.StreamError;
            if (error is not null)
            {
                SetError(activity, error);
            }
        }
        activity.Stop();
    }

    /// <summary>The request's end, on the server span: its id and key, what it asked and was served, its usage and cost, its error.</summary>
    public static void Complete(Activity? server, GatewayRequestFeature feature, GatewayError? error, bool recordBodies)
    {
        if (server is null)
        {
            return;
        }
        server.SetTag(GenAiAttributes.RequestId, feature.ResponseId);
        if (feature.Key is { } key)
        {
            server.SetTag(GenAiAttributes.KeyId, key.Id);
        }
        if (feature.Parsed is { } request)
        {
            server.SetTag(GenAiAttributes.Model, request.Model);
            server.SetTag(GenAiAttributes.Stream, request.Stream);
        }
        var attempts = 0;
        foreach (var attempt in feature.Attempts)
        {
            if (attempt.Kind is not (AttemptOutcomeKind.Rejected or AttemptOutcomeKind.Skipped))
            {
                attempts++;
            }
        }
        server.SetTag(GenAiAttributes.Attempts, attempts);
        if (feature.Account is { } account && attempts > 0)
        {
            var tokens = account.Tokens;
            var served = feature.Attempts[^1];
            server.SetTag(GenAiAttributes.ProviderId, served.Target.Provider.Id);
            server.AddEvent(new ActivityEvent("gateway.usage", tags: new ActivityTagsCollection
            {
                ["gateway.usage.input_tokens"] = tokens.PromptTokens,
                ["gateway.usage.output_tokens"] = tokens.CompletionTokens,
                [GenAiAttributes.UsageEstimated] = account.Estimated,
                [GenAiAttributes.CostUsd] = (double)account.Cost,
            }));
        }
        if (error is not null)
        {
            SetError(server, error);
        }
        if (recordBodies && feature.Key is { StoreBodies: true })
        {
            if (feature.RequestBody is { } body)
            {
                server.SetTag(GenAiAttributes.RequestBody, System.Text.Encoding.UTF8.GetString(body.WrittenSpan));
            }
            if (feature.ResponseCapture is { } answer)
            {
                server.SetTag(GenAiAttributes.ResponseBody, System.Text.Encoding.UTF8.GetString(answer.WrittenSpan));
            }
        }
    }

    /// <summary>An answer in OpenAI's error shape (any of the gateway's refusals, from authentication on): its code on the current span.</summary>
    public static void Refused(GatewayError error)
    {
        if (GatewayTelemetry.Recording(Activity.Current) is { } activity)
        {
            SetError(activity, error);
        }
    }

    private static void SetError(Activity activity, GatewayError error)
    {
        // The code only: a provider's error message may quote what the client sent.
        activity.SetTag(GenAiAttributes.ErrorType, ErrorType(error));
        // A server span's 4xx is the client's error, not the gateway's (HTTP semantic conventions): status stays unset.
        if (activity.Kind != ActivityKind.Server || error.StatusCode >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error, ErrorType(error));
        }
    }

    private static string ErrorType(GatewayError error) => error.Code ?? error.Type;

    /// <summary>The semantic conventions' operation (<c>chat</c>, <c>embeddings</c>, <c>text_completion</c>); other kinds by their own name.</summary>
    private static string OperationName(GatewayRequestFeature feature) => feature.Kind.Name switch
    {
        "completions" => "text_completion",
        var name => name,
    };

    /// <summary>Why this attempt was made: the first, a retry of the same candidate after backoff, a failover to the next, or panic.</summary>
    private static string Reason(GatewayRequestFeature feature, AttemptContext attempt)
    {
        if (attempt.PanicReason is not null)
        {
            return "panic";
        }
        var attempts = feature.Attempts;
        for (var i = attempts.Count - 2; i >= 0; i--)
        {
            var previous = attempts[i];
            if (previous.Kind is AttemptOutcomeKind.Rejected)
            {
                continue;
            }
            return ReferenceEquals(previous.Target, attempt.Target) ? "retry" : "failover";
        }
        return "first";
    }

    private static string Name(RouteTarget target) => target.Provider.Id + "/" + target.Model;
}
