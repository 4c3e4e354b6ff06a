namespace Gateway.Policies.Quotas;

/// <summary>What a limit counts.</summary>
public enum QuotaMeasure
{
    /// <summary>Requests admitted, whatever their outcome.</summary>
    Requests,

    /// <summary>Prompt plus completion tokens.</summary>
    Tokens,

    /// <summary>US dollars, from the price of the model that served the request.</summary>
    Cost,
}
