using System.Diagnostics;

namespace Gateway.Proxy.Tracing;

/// <summary>
/// What a provider's HTTP handler sends of the trace. <see cref="Nothing"/> keeps the runtime's diagnostics handler in the
/// chain (so the HTTP client span exists when tracing is on) but adds no header: third-party providers learn nothing of
/// the caller's or the gateway's trace. <see cref="TraceContext"/>, for providers that allow it (a self-hosted vLLM),
/// sends W3C <c>traceparent</c> and <c>tracestate</c> only, never baggage.
/// </summary>
internal sealed class OutboundTracePropagator : DistributedContextPropagator
{
    private static readonly string[] NoFields = [];
    private static readonly string[] TraceContextFields = ["traceparent", "tracestate"];

    public static readonly OutboundTracePropagator Nothing = new(inject: false);

    public static readonly OutboundTracePropagator TraceContext = new(inject: true);

    private readonly bool _inject;

    private OutboundTracePropagator(bool inject)
    {
        _inject = inject;
    }

    public override IReadOnlyCollection<string> Fields => _inject ? TraceContextFields : NoFields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (!_inject || activity is null || setter is null || activity.IdFormat != ActivityIdFormat.W3C || activity.Id is not { } id)
        {
            return;
        }
        setter(carrier, "traceparent", id);
        if (activity.TraceStateString is { Length: > 0 } state)
        {
            setter(carrier, "tracestate", state);
        }
    }

    // Outbound only: the gateway never reads a trace from a provider's answer.
    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceId = null;
        traceState = null;
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
}
