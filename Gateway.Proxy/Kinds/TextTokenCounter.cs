using Gateway.Policies.Tokens;

namespace Gateway.Proxy.Kinds;

/// <summary>
/// The tokens of a request's texts, counted before routing: with the tokenizer of the first model the request resolves to
/// where that is an OpenAI one (and tokenizers are on), else the calibrated estimate.
/// </summary>
internal static class TextTokenCounter
{
    /// <returns>All the texts' tokens (at most <see cref="int.MaxValue"/>) and the largest text's.</returns>
    public static (int Total, int Largest) Count(GatewayRequestFeature feature, string model, IReadOnlyList<string> texts, bool useTokenizers)
    {
        var encoding = TokenEncoding.Estimated;
        if (useTokenizers && ModelResolver.TryResolveTargets(feature.Snapshot.Catalog, model, feature.Key?.Scope ?? default, out _, out var targets)
            && targets.Count > 0)
        {
            encoding = TokenEncodings.ForModel(targets[0].Model);
        }
        long total = 0;
        var largest = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var tokens = TokenEstimator.CountText(texts[i], encoding);
            total += tokens;
            largest = Math.Max(largest, tokens);
        }
        return ((int)Math.Min(total, int.MaxValue), largest);
    }
}
