using System.Globalization;

namespace Gateway.Policies.Capabilities;

/// <summary>
/// Whether a candidate serves the request's kind at all: the model's declared kinds (undeclared is chat) and what its
/// provider kind's adapter can do (a provider kind missing from the table is not checked). For embeddings, also the
/// model's limit per input. Kinds are exact: an alias of chat models asked for embeddings is the client's mistake.
/// </summary>
public sealed class KindMatcher
{
    private readonly IReadOnlyDictionary<string, RequestKinds> _providerKinds;

    /// <param name="providerKinds">Per provider kind, the request kinds its adapters serve (the proxy builds it from the adapters).</param>
    public KindMatcher(IReadOnlyDictionary<string, RequestKinds> providerKinds)
    {
        ArgumentNullException.ThrowIfNull(providerKinds);
        _providerKinds = providerKinds;
    }

    /// <summary>A matcher that reads model declarations only.</summary>
    public static KindMatcher ModelsOnly { get; } = new(new Dictionary<string, RequestKinds>());

    /// <returns>Null when the target can serve; else why not, with the detail for the decision record.</returns>
    internal (DropReason Reason, string Detail)? Check(RouteTarget target, RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        var kind = request.Kind;
        if ((target.ServedKinds & kind) == 0)
        {
            return (DropReason.KindNotServed, $"the model serves {Describe(target.ServedKinds)}, not {RequestKindNames.Of(kind)}");
        }
        if (_providerKinds.TryGetValue(target.Provider.Kind, out var adapterKinds) && (adapterKinds & kind) == 0)
        {
            return (DropReason.KindNotServed, $"provider kind '{target.Provider.Kind}' does not serve {RequestKindNames.Of(kind)}");
        }
        if (request.LargestInputTokens is { } largest && target.MaxInputTokens is { } max && largest > max)
        {
            return (DropReason.InputTooLong, string.Create(CultureInfo.InvariantCulture, $"an input of about {largest} tokens exceeds its {max} per input"));
        }
        if (request.Dimensions is { } asked && target.Dimensions is { } native && asked > native)
        {
            return (DropReason.DimensionsDiffer, string.Create(CultureInfo.InvariantCulture, $"dimensions {asked} exceed its {native}"));
        }
        return null;
    }

    /// <summary>The size of the vectors <paramref name="target"/> answers with for <paramref name="request"/>; null when unknown.</summary>
    public static int? OutputDimensions(RouteTarget target, RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        return request.Dimensions ?? target.Dimensions;
    }

    public static string Describe(RequestKinds kinds) => string.Join(", ", RequestKindNames.ToNames(kinds));
}
