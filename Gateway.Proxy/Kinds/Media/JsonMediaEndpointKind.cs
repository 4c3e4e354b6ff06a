using Gateway.Transforms.Media;

namespace Gateway.Proxy.Kinds.Media;

/// <summary>
/// An image or audio endpoint whose body is JSON (<see cref="MediaJsonRequest"/>: image generations, speech), within the
/// chat body limit; an attempt at a provider that cannot serve it is refused before its body is written.
/// </summary>
internal abstract class JsonMediaEndpointKind : MediaEndpointKind
{
    /// <summary>The body's required text: <c>prompt</c> or <c>input</c>.</summary>
    protected abstract string TextField { get; }

    public override long MaxBodyBytes(GatewayLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits.MaxRequestBodyBytes;
    }

    public override GatewayError? Parse(GatewayRequestFeature feature, GatewayLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var (request, error) = MediaJsonRequest.Parse(Body(feature), TextField);
        feature.Parsed = request;
        return error;
    }

    public sealed override GatewayError? WriteRequestBody(GatewayRequestFeature feature, AttemptContext attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return MediaProviders.Refusal(attempt.Upstream) ?? WriteBody(Request(feature), attempt);
    }

    /// <summary>The provider's body for this attempt, into <see cref="AttemptContext.Body"/>.</summary>
    protected abstract GatewayError? WriteBody(MediaJsonRequest request, AttemptContext attempt);

    protected static MediaJsonRequest Request(GatewayRequestFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        return (MediaJsonRequest)feature.Parsed!;
    }
}
