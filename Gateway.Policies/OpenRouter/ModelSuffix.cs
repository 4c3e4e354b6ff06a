namespace Gateway.Policies.OpenRouter;

/// <summary>OpenRouter's model-name shortcuts: <c>name:floor</c> sorts by price, <c>name:nitro</c> by throughput.</summary>
public static class ModelSuffix
{
    private const string Floor = ":floor";
    private const string Nitro = ":nitro";

    /// <summary>
    /// The model name without a trailing <c>:floor</c> or <c>:nitro</c> (other colons, as in Bedrock's
    /// <c>...-v1:0</c>, are left alone) and the sort it asks for. Allocates only when a suffix is present.
    /// </summary>
    public static string Strip(string model, out ProviderSort? sort)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length > Floor.Length && model.EndsWith(Floor, StringComparison.Ordinal))
        {
            sort = ProviderSort.Price;
            return model[..^Floor.Length];
        }
        if (model.Length > Nitro.Length && model.EndsWith(Nitro, StringComparison.Ordinal))
        {
            sort = ProviderSort.Throughput;
            return model[..^Nitro.Length];
        }
        sort = null;
        return model;
    }
}
